using System.Text;
using Markdig;

// Usage: RenderPreview INPUT.md OUTPUT.html
// GitHub-flavoured Markdown (pipe tables, raw HTML such as <details> and <code>, alerts as plain quotes) in a page
// styled like a GitHub comment body at 780 px. Mermaid blocks stay code: GitHub draws them, this preview does not.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: RenderPreview INPUT.md OUTPUT.html");
    return 2;
}

var markdown = File.ReadAllText(args[0]);
var pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().UseTaskLists().UseEmphasisExtras().Build();
var body = Markdown.ToHtml(markdown, pipeline);
const string Css = """
    body { margin: 0; background: #fff; }
    .markdown-body { box-sizing: border-box; width: 100%; padding: 16px; border: 1px solid #d0d7de; border-radius: 6px;
      font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji";
      font-size: 14px; line-height: 1.5; color: #1f2328; word-wrap: break-word; }
    .markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 0 0 16px; }
    .markdown-body p, .markdown-body ul, .markdown-body table, .markdown-body details, .markdown-body blockquote, .markdown-body pre { margin: 0 0 16px; }
    .markdown-body ul { padding-left: 2em; }
    .markdown-body li + li { margin-top: .25em; }
    .markdown-body code { padding: .2em .4em; font-size: 85%; background: rgba(175,184,193,.2); border-radius: 6px;
      font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
    .markdown-body pre { padding: 16px; overflow: auto; font-size: 85%; background: #f6f8fa; border-radius: 6px; }
    .markdown-body pre code { padding: 0; background: transparent; }
    .markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; }
    .markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d0d7de; }
    .markdown-body th { font-weight: 600; }
    .markdown-body tr:nth-child(2n) { background: #f6f8fa; }
    .markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d0d7de; }
    .markdown-body summary { cursor: pointer; }
    .markdown-body a { color: #0969da; text-decoration: none; }
    """;
var page = $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>{Css}</style></head><body><div class=\"markdown-body\">\n{body}</div></body></html>\n";
File.WriteAllText(args[1], page, new UTF8Encoding(false));
return 0;
