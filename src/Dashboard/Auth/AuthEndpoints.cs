using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Auth;

/// <summary>The sign-in, sign-out and first-admin set-up endpoints: <c>/signin</c>, <c>/signout</c>, <c>/setup</c>.</summary>
/// <remarks>
/// Forms are read and their antiforgery token validated here rather than through form binding, so these endpoints
/// do not depend on where the host puts <c>UseAntiforgery</c>. A token made by Blazor's <c>&lt;AntiforgeryToken /&gt;</c>
/// is accepted too, so a sign-out button in a page is a plain form that posts to <see cref="SignOutPath"/>.
/// </remarks>
internal static class AuthEndpoints
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    public const string SetUpPath = "/setup";

    private const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>Maps the three endpoints, open to anonymous requests.</summary>
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        group.MapGet(SignInPath, ShowSignInAsync);
        group.MapPost(SignInPath, SignInAsync);
        group.MapPost(SignOutPath, SignOutAsync);
        group.MapGet(SetUpPath, ShowSetUpAsync);
        group.MapPost(SetUpPath, SetUpAsync);
        return endpoints;
    }

    private static async Task<IResult> ShowSignInAsync(HttpContext context, IAntiforgery antiforgery, IOptions<AuthOptions> options, UserAdministration users, string? returnUrl)
    {
        if (!options.Value.Enabled)
        {
            return Results.LocalRedirect("/");
        }

        var info = await users.AnyUserAsync(context.RequestAborted) ? null : NoUserHint(context);
        return SignInPage(context, antiforgery, SafeReturnUrl(returnUrl), userName: null, error: null, info, StatusCodes.Status200OK);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn)
    {
        if (await ReadValidatedFormAsync(context, antiforgery) is not { } form)
        {
            return FormExpired();
        }

        var userName = form["userName"].ToString().Trim();
        var returnUrl = SafeReturnUrl(form["returnUrl"]);
        var result = await signIn.PasswordSignInAsync(userName, form["password"].ToString(), isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return Results.LocalRedirect(returnUrl);
        }

        var error = result.IsLockedOut
            ? "Too many failed attempts; this user is locked for a few minutes."
            : "Wrong user name or password.";
        return SignInPage(context, antiforgery, returnUrl, userName, error, info: null, StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn)
    {
        if (await ReadValidatedFormAsync(context, antiforgery) is null)
        {
            return FormExpired();
        }

        await signIn.SignOutAsync();
        return Results.LocalRedirect(SignInPath);
    }

    private static async Task<IResult> ShowSetUpAsync(HttpContext context, IAntiforgery antiforgery, UserAdministration users)
    {
        if (!await IsSetUpOpenAsync(context, users))
        {
            return Results.NotFound();
        }

        return SetUpPage(context, antiforgery, userName: null, error: null, StatusCodes.Status200OK);
    }

    private static async Task<IResult> SetUpAsync(HttpContext context, IAntiforgery antiforgery, UserAdministration users, SignInManager<IdentityUser> signIn, ILoggerFactory loggers)
    {
        if (!await IsSetUpOpenAsync(context, users))
        {
            return Results.NotFound();
        }

        if (await ReadValidatedFormAsync(context, antiforgery) is not { } form)
        {
            return FormExpired();
        }

        var userName = form["userName"].ToString().Trim();
        var password = form["password"].ToString();
        if (password != form["confirmPassword"].ToString())
        {
            return SetUpPage(context, antiforgery, userName, "The two passwords differ.", StatusCodes.Status400BadRequest);
        }

        try
        {
            await users.CreateAsync(userName, JobsRoles.Admin, password, createdBy: $"setup@{context.Connection.RemoteIpAddress}", context.RequestAborted);
        }
        catch (UserAdministrationException ex)
        {
            return SetUpPage(context, antiforgery, userName, ex.Message, StatusCodes.Status400BadRequest);
        }

        loggers.CreateLogger(typeof(AuthEndpoints)).LogInformation("First admin {UserName} created through the set-up page", userName);
        await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: false);
        return Results.LocalRedirect("/");
    }

    // Loopback first: a remote caller learns nothing about whether users exist.
    private static async Task<bool> IsSetUpOpenAsync(HttpContext context, UserAdministration users) =>
        LoopbackRequest.IsLocal(context) && !await users.AnyUserAsync(context.RequestAborted);

    private static async Task<IFormCollection?> ReadValidatedFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }

        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    private static IResult FormExpired() =>
        Results.Content("The form expired or did not come from this site; reload the page and try again.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    private static IResult SignInPage(HttpContext context, IAntiforgery antiforgery, string returnUrl, string? userName, string? error, string? info, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Content(AuthPageHtml.SignIn(tokens.FormFieldName, tokens.RequestToken!, returnUrl, userName, error, info), HtmlContentType, statusCode: status);
    }

    private static IResult SetUpPage(HttpContext context, IAntiforgery antiforgery, string? userName, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Content(AuthPageHtml.SetUp(tokens.FormFieldName, tokens.RequestToken!, userName, error), HtmlContentType, statusCode: status);
    }

    private static string NoUserHint(HttpContext context) => LoopbackRequest.IsLocal(context)
        ? $"No user exists yet: <a href=\"{SetUpPath}\">create the first admin</a>."
        : "No user exists yet: on the server, run <code>dotnet run --project src/Dashboard -- users add admin --role admin --password-stdin</code>.";

    /// <summary>A local path to return to after sign-in; anything else (another host, <c>//evil</c>, <c>/\evil</c>) becomes <c>/</c>.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && url.IndexOfAny(['\r', '\n']) < 0
            ? url
            : "/";
}
