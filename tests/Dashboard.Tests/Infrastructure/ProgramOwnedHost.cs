using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>
/// Wraps the host that <c>WebApplicationFactory</c> gets from Program so that stopping it goes through Program,
/// the way a user stops the app: request shutdown, and let Program's own <c>WaitForShutdownAsync</c> stop and dispose it.
/// </summary>
/// <remarks>
/// With top-level statements, Program keeps running under the factory: the factory's own
/// <c>Host.StopAsync</c> would run alongside Program's, and Program then disposes the services while the
/// factory's stop is still using them. Stopping once, through Program, is what production does.
/// </remarks>
internal sealed class ProgramOwnedHost : IHost, IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly IHost _inner;
    private readonly IHostApplicationLifetime? _lifetime;

    public ProgramOwnedHost(IHost inner)
    {
        _inner = inner;
        try
        {
            _lifetime = inner.Services.GetRequiredService<IHostApplicationLifetime>();
        }
        catch (ObjectDisposedException)
        {
            // Program already returned (start-up failed) and disposed its host: nothing left to stop.
            _lifetime = null;
        }
    }

    public IServiceProvider Services => _inner.Services;

    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_lifetime is null || _lifetime.ApplicationStopped.IsCancellationRequested)
        {
            return;
        }

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = _lifetime.ApplicationStopped.Register(() => stopped.TrySetResult());
        _lifetime.StopApplication();
        await stopped.Task.WaitAsync(StopTimeout, cancellationToken);
    }

    // Program disposes its own host once it has stopped; disposing again is a no-op for the container.
    public void Dispose()
    {
        if (_lifetime is null)
        {
            return;
        }

        _inner.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_lifetime is null)
        {
            return;
        }

        if (_inner is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _inner.Dispose();
        }
    }
}
