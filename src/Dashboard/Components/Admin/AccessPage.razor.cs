using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Jobs.Dashboard.Components.Admin;

/// <summary>The admin's page for API keys (list, create with the secret shown once, revoke) and users (list, add, remove).</summary>
/// <remarks>
/// Owns a DI scope (<see cref="OwningComponentBase"/>) so Identity's user manager and its database context live as
/// long as the page, not as long as the whole circuit. Each change checks the <see cref="AuthPolicies.Admin"/> policy
/// again before it acts: the page's <c>[Authorize]</c> is checked when it opens, a role can change while it is open.
/// The services record every change in the audit log with the signed-in admin as actor.
/// </remarks>
public sealed partial class AccessPage : OwningComponentBase
{
    private IReadOnlyList<ApiKeyInfo>? _keys;
    private IReadOnlyList<UserInfo>? _users;
    private CreatedApiKey? _createdKey;
    private string? _keyName;
    private string _keyRole = JobsRoles.Viewer;
    private string? _userName;
    private string _userRole = JobsRoles.Viewer;
    private string? _password;
    private Dictionary<string, string> _keyErrors = [];
    private Dictionary<string, string> _userErrors = [];
    private string? _error;
    private string? _actor;
    private bool _busy;

    [Inject] private ApiKeyService Keys { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private IAuthorizationService Authorization { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    private UserAdministration Users => ScopedServices.GetRequiredService<UserAdministration>();

    protected override async Task OnInitializedAsync()
    {
        _actor = AuditActor.Of((await Authentication.GetAuthenticationStateAsync()).User);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _keys = await Keys.ListAsync();
        _users = await Users.ListAsync();
    }

    private async Task CreateKeyAsync()
    {
        _keyErrors = [];
        await ActAsync(async actor =>
        {
            try
            {
                _createdKey = await Keys.CreateAsync(_keyName ?? "", _keyRole, actor);
                _keyName = null;
            }
            catch (ApiKeyException ex)
            {
                _keyErrors = new() { [ex.Field] = ex.Message };
            }
        });
    }

    private async Task RevokeKeyAsync(ApiKeyInfo key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Revoke API key {key.Name}?",
            "Scripts and services using it are refused from now on. This cannot be undone.", yesText: $"Revoke {key.Name}", cancelText: "Keep");
        if (confirmed != true)
        {
            return;
        }

        await ActAsync(async actor =>
        {
            var revoked = await Keys.RevokeAsync(key.Name, actor);
            Snackbar.Add(revoked ? $"API key {key.Name} revoked." : $"API key {key.Name} was already revoked.", revoked ? Severity.Success : Severity.Info);
        });
    }

    private async Task CopyKeyAsync()
    {
        if (_createdKey is { } created)
        {
            try
            {
                await JS.InvokeVoidAsync("navigator.clipboard.writeText", created.Key);
                Snackbar.Add("Key copied.", Severity.Success);
            }
            catch (JSException)
            {
                Snackbar.Add("The browser refused the clipboard; select the key and copy it by hand.", Severity.Warning);
            }
        }
    }

    private async Task AddUserAsync()
    {
        _userErrors = [];
        await ActAsync(async actor =>
        {
            try
            {
                await Users.CreateAsync(_userName ?? "", _userRole, _password ?? "", actor);
                Snackbar.Add($"User {_userName?.Trim()} added as {_userRole}.", Severity.Success);
                _userName = null;
                _password = null;
            }
            catch (UserAdministrationException ex)
            {
                _userErrors = new() { [ex.Field] = ex.Message };
            }
        });
    }

    private async Task RemoveUserAsync(UserInfo user)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Remove user {user.UserName}?",
            "They are signed out within a minute and can no longer sign in.", yesText: $"Remove {user.UserName}", cancelText: "Keep");
        if (confirmed != true)
        {
            return;
        }

        await ActAsync(async actor =>
        {
            var removed = await Users.RemoveAsync(user.UserName, actor);
            Snackbar.Add(removed ? $"User {user.UserName} removed." : $"User {user.UserName} no longer exists.", removed ? Severity.Success : Severity.Info);
        });
    }

    /// <summary>Checks the Admin policy now, runs <paramref name="change"/> as the signed-in admin, and re-reads both lists.</summary>
    private async Task ActAsync(Func<string, Task> change)
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        if (!(await Authorization.AuthorizeAsync(user, AuthPolicies.Admin)).Succeeded)
        {
            Snackbar.Add($"Not allowed: {AuditActor.Of(user)} is not an admin.", Severity.Error);
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            await change(AuditActor.Of(user));
            await LoadAsync();
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
        }
        finally
        {
            _busy = false;
        }
    }
}
