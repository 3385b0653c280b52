namespace OdooGateAction.Core.Evidence;

/// <summary>
/// A review of a pull request (<c>GET /repos/{o}/{r}/pulls/{n}/reviews</c>), reduced to what the review rules read.
/// </summary>
/// <param name="Reviewer">The reviewer's login.</param>
/// <param name="State">GitHub's state: <c>APPROVED</c>, <c>CHANGES_REQUESTED</c>, <c>COMMENTED</c>, <c>DISMISSED</c> or <c>PENDING</c>.</param>
/// <param name="SubmittedAt">When it was submitted, by GitHub's server; null for a pending (unsubmitted) review.</param>
/// <param name="CommitId">The commit that was the PR's head when the review was submitted.</param>
public sealed record PullRequestReview(long Id, string Reviewer, string State, DateTimeOffset? SubmittedAt, string? CommitId, string? Url)
{
    public const string Approved = "APPROVED";
    public const string ChangesRequested = "CHANGES_REQUESTED";
    public const string Commented = "COMMENTED";
    public const string Dismissed = "DISMISSED";
    public const string Pending = "PENDING";

    /// <summary>Every state GitHub documents for a review.</summary>
    public static IReadOnlyList<string> States { get; } = [Approved, ChangesRequested, Commented, Dismissed, Pending];
}

/// <summary>
/// One pull request's reviews and what the review rules need besides: its author, its head commit, the push time of that
/// commit (the earliest check suite's <c>created_at</c>, set by GitHub's server; never the committer date) and the
/// personas of its reviewers.
/// </summary>
/// <param name="PushTime">When the head commit was pushed, as GitHub's server recorded it; null when unknown.</param>
public sealed record PullRequestReviews(int PullRequest, string? Author, string? HeadSha, DateTimeOffset? PushTime, IReadOnlyList<PullRequestReview> Reviews)
{
    /// <summary>Persona ids of each reviewer, looked up case-insensitively; a login that is absent holds no persona.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PersonasByLogin { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether team membership was known (asked with an org token, or no persona names a team).</summary>
    public bool TeamsConsulted { get; init; }

    /// <summary>Whether <paramref name="login"/> holds <paramref name="persona"/>.</summary>
    public bool Holds(string login, string persona) =>
        PersonasByLogin.TryGetValue(login, out var held) && held.Contains(persona, StringComparer.Ordinal);
}
