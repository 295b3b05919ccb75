using System.Text;
using System.Text.Encodings.Web;

namespace Jobs.Dashboard.Auth;

/// <summary>The HTML of the sign-in and set-up pages: plain server-rendered forms, styled after the dashboard's Material look.</summary>
/// <remarks>
/// These are static forms posted the classic way (not interactive components) because a cookie can only be set
/// on an ordinary HTTP response. Every value is HTML-encoded; the antiforgery token travels as a hidden field.
/// </remarks>
internal static class AuthPageHtml
{
    private const string Style = """
        :root { color-scheme: light; }
        body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
               background: #f5f5f5; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: rgba(0,0,0,.87); }
        .card { background: #fff; border-radius: 4px; padding: 32px; width: 100%; max-width: 360px;
                box-shadow: 0 2px 1px -1px rgba(0,0,0,.2), 0 1px 1px 0 rgba(0,0,0,.14), 0 1px 3px 0 rgba(0,0,0,.12); }
        h1 { font-size: 1.5rem; font-weight: 400; margin: 0 0 4px; }
        p.sub { margin: 0 0 24px; color: rgba(0,0,0,.6); font-size: .875rem; }
        label { display: block; font-size: .75rem; color: rgba(0,0,0,.6); margin: 16px 0 4px; }
        input[type=text], input[type=password] { box-sizing: border-box; width: 100%; padding: 10px 12px; font-size: 1rem;
               border: 1px solid rgba(0,0,0,.38); border-radius: 4px; }
        input:focus { outline: 2px solid #3949ab; border-color: transparent; }
        button { margin-top: 24px; width: 100%; padding: 10px; border: 0; border-radius: 4px; background: #3949ab; color: #fff;
                 font-size: .875rem; font-weight: 500; letter-spacing: .02857em; text-transform: uppercase; cursor: pointer;
                 box-shadow: 0 3px 1px -2px rgba(0,0,0,.2), 0 2px 2px 0 rgba(0,0,0,.14), 0 1px 5px 0 rgba(0,0,0,.12); }
        .alert { margin-top: 16px; padding: 8px 12px; border-radius: 4px; font-size: .875rem; }
        .alert.error { background: #fdecea; color: #611a15; }
        .alert.info { background: #e8f4fd; color: #0d3c61; }
        code { font-size: .8125rem; }
        """;

    /// <summary>The sign-in form.</summary>
    public static string SignIn(string antiforgeryField, string antiforgeryToken, string? returnUrl, string? userName, string? error, string? info)
    {
        var body = new StringBuilder();
        body.Append("<h1>Sign in</h1><p class=\"sub\">Jobs dashboard</p>")
            .Append("<form method=\"post\" action=\"/signin\">")
            .Append(Hidden(antiforgeryField, antiforgeryToken))
            .Append(Hidden("returnUrl", returnUrl ?? "/"))
            .Append(Field("userName", "User name", "text", userName, "username", autofocus: true))
            .Append(Field("password", "Password", "password", null, "current-password"))
            .Append("<button type=\"submit\">Sign in</button>")
            .Append("</form>");
        AppendAlerts(body, error, info);
        return Page("Sign in", body.ToString());
    }

    /// <summary>The first-admin form, shown only on a loopback connection while no user exists.</summary>
    public static string SetUp(string antiforgeryField, string antiforgeryToken, string? userName, string? error)
    {
        var body = new StringBuilder();
        body.Append("<h1>Create the first admin</h1>")
            .Append("<p class=\"sub\">No user exists yet. This page answers only on this machine, and only until the first user is created.</p>")
            .Append("<form method=\"post\" action=\"/setup\">")
            .Append(Hidden(antiforgeryField, antiforgeryToken))
            .Append(Field("userName", "User name", "text", userName ?? "admin", "username", autofocus: true))
            .Append(Field("password", "Password", "password", null, "new-password"))
            .Append(Field("confirmPassword", "Repeat password", "password", null, "new-password"))
            .Append("<button type=\"submit\">Create admin</button>")
            .Append("</form>");
        AppendAlerts(body, error, info: null);
        return Page("Set up", body.ToString());
    }

    private static void AppendAlerts(StringBuilder body, string? error, string? info)
    {
        if (!string.IsNullOrEmpty(error))
        {
            body.Append("<div class=\"alert error\" role=\"alert\">").Append(Encode(error)).Append("</div>");
        }

        if (!string.IsNullOrEmpty(info))
        {
            // Info texts are our own markup (a link or a command), never user input.
            body.Append("<div class=\"alert info\">").Append(info).Append("</div>");
        }
    }

    private static string Page(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(title)} · Jobs</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <style>{Style}</style>
        </head>
        <body><main class="card">{body}</main></body>
        </html>
        """;

    private static string Hidden(string name, string value) =>
        $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">";

    private static string Field(string name, string label, string type, string? value, string autocomplete, bool autofocus = false) =>
        $"<label for=\"{name}\">{Encode(label)}</label><input id=\"{name}\" name=\"{name}\" type=\"{type}\" autocomplete=\"{autocomplete}\" required"
        + (value is null ? "" : $" value=\"{Encode(value)}\"")
        + (autofocus ? " autofocus" : "")
        + ">";

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
