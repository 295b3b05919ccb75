using System.Reflection;
using Jobs.Client;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.Shared;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Jobs.Dashboard.Components.JobList;

/// <summary>Enqueues one job of a registered type. The arguments are checked as JSON before anything is sent; the engine's own field errors are shown as they come.</summary>
public sealed partial class EnqueueJobDialog : ComponentBase
{
    private MudForm? _form;
    private string? _type;
    private string? _arguments = "{}";
    private string? _queue;
    private JobPriority _priority = JobPriority.Normal;
    private int? _delaySeconds;
    private int? _maxRetries;
    private string? _tags;
    private bool _submitting;
    private List<string> _errors = [];

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject] private IJobClient Client { get; set; } = default!;

    [Inject] private JobTypeRegistry Types { get; set; } = default!;

    [Inject] private JobActionRunner Actions { get; set; } = default!;

    /// <summary>The argument names and types of the chosen job type, as a hint.</summary>
    private string ArgumentsHelp
    {
        get
        {
            if (_type is null || !Types.TryGet(_type, out var descriptor))
            {
                return "A JSON object; {} takes the job's defaults.";
            }

            var properties = descriptor.ArgumentsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.Name != "EqualityContract")
                .Select(p => $"{JsonName(p.Name)}: {p.PropertyType.Name}");
            var list = string.Join(", ", properties);
            return list.Length == 0 ? $"{_type} takes no arguments: {{}}." : $"{_type} takes {{ {list} }}; omitted ones take defaults.";
        }
    }

    private static string JsonName(string name) => string.Concat(name[..1].ToLowerInvariant(), name[1..]);

    private void OnTypeChanged(string? type)
    {
        _type = type;
        _errors = [];
    }

    private void Cancel() => Dialog.Cancel();

    private async Task SubmitAsync()
    {
        // The role is checked here, not only on the button that opened the dialog: the server refuses a viewer.
        if (await Actions.RequireOperatorAsync("enqueue jobs") is not { } user)
        {
            return;
        }

        _errors = [];
        if (_form is not null)
        {
            await _form.ValidateAsync();
        }

        if (string.IsNullOrWhiteSpace(_type))
        {
            _errors.Add("type: Pick a job type.");
        }

        if (JsonText.Validate(_arguments) is { } jsonError)
        {
            _errors.Add($"args: {jsonError}");
        }

        if (_errors.Count > 0)
        {
            return;
        }

        _submitting = true;
        try
        {
            var result = await Client.EnqueueAsync(new JobRequest
            {
                Type = _type!,
                Arguments = string.IsNullOrWhiteSpace(_arguments) ? null : _arguments,
                Queue = string.IsNullOrWhiteSpace(_queue) ? null : _queue.Trim(),
                Priority = _priority,
                Delay = _delaySeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null,
                MaxRetries = _maxRetries,
                Tags = string.IsNullOrWhiteSpace(_tags)
                    ? null
                    : [.. _tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            });
            if (!result.Existing)
            {
                await Actions.RecordAsync(user, AuditActions.JobEnqueue, AuditTargets.Job, AuditDetails.JobId(result.JobId), AuditDetails.Enqueued(_type!));
            }

            Dialog.Close(DialogResult.Ok(result));
        }
        catch (JobValidationException ex)
        {
            // The engine checks more than JSON syntax (argument shape, queue name, limits): show each field's reason.
            _errors = [.. ex.Errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}"))];
            if (_errors.Count == 0)
            {
                _errors.Add(ex.Message);
            }
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _errors = [StoreErrors.Describe(ex)];
        }
        finally
        {
            _submitting = false;
        }
    }
}
