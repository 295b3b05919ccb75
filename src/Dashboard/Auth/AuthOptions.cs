namespace Jobs.Dashboard.Auth;

/// <summary>Sign-in settings, bound from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>
    /// Whether the dashboard, API and hub require sign-in. Defaults to true. Turn it off only for local
    /// development: every request then acts as a local admin.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Lets the server start with <see cref="Enabled"/> false while listening on a non-loopback address.
    /// Defaults to false, so an open dashboard is never reachable from the network by accident.
    /// </summary>
    public bool AllowOpenNetworkAccess { get; set; }

    /// <summary>How long a sign-in lasts without activity (sliding). Defaults to 8 hours.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
