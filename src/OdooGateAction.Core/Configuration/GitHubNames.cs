using System.Text.RegularExpressions;

namespace OdooGateAction.Core.Configuration;

/// <summary>
/// The shapes GitHub gives its names, checked where configuration or the runner hands them to us: a name that GitHub
/// could never produce (a space, a zero-width character, an empty string) is a mistake that would silently match
/// nothing, so it is refused with the allowed form instead.
/// </summary>
public static partial class GitHubNames
{
    /// <summary>The allowed form of a team, for messages.</summary>
    public const string TeamForm = "'org/team-slug' (letters, digits, '-', '_', '.'; no spaces)";

    /// <summary>The allowed form of a login, for messages.</summary>
    public const string LoginForm = "a GitHub login (letters, digits and hyphens, starting with a letter or digit, at most 39 characters; an app as 'name[bot]')";

    /// <summary>The allowed form of an app slug, for messages.</summary>
    public const string AppForm = "a GitHub App slug such as 'github-actions' (lower-case letters, digits and '-')";

    /// <summary><c>org/team-slug</c>: an organisation login, a slash, a team slug.</summary>
    public static bool IsTeam(string text) => text is not null && OwnerSlashName().IsMatch(text);

    /// <summary>A user login, or an app's bot login <c>name[bot]</c>.</summary>
    public static bool IsLogin(string text) => text is not null && Login().IsMatch(text);

    /// <summary>A GitHub App slug (<c>check_run.app.slug</c>).</summary>
    public static bool IsAppSlug(string text) => text is not null && AppSlug().IsMatch(text);

    /// <summary><c>owner/name</c> as GitHub spells repositories (<c>GITHUB_REPOSITORY</c>): the same shape as a team.</summary>
    public static bool IsRepository(string text) => text is not null && OwnerSlashName().IsMatch(text);

    /// <summary>Whether <paramref name="text"/> has a character that prints as nothing or controls layout (zero-width, bidi, controls).</summary>
    public static bool HasInvisible(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u2069') or '\uFEFF' or '\u00AD')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An account login (an organisation or user), a slash, a slug of letters, digits, '-', '_', '.'.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9_.-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerSlashName();

    // Older accounts may hold double or trailing hyphens: only the first character and the length are certain.
    [GeneratedRegex(@"^(?:[A-Za-z0-9][A-Za-z0-9-]{0,38}|[a-z0-9][a-z0-9-]{0,33}\[bot\])$", RegexOptions.CultureInvariant)]
    private static partial Regex Login();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,33}$", RegexOptions.CultureInvariant)]
    private static partial Regex AppSlug();
}
