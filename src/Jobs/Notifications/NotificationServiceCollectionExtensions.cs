using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jobs.Notifications;

/// <summary>Registers notifications (called by <c>AddJobEngine</c>; off unless <c>Notifications:Enabled</c> is true).</summary>
internal static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>Notifications</c> options (validated at start), <see cref="INotificationPublisher"/> (always, so
    /// anomaly detection can depend on it), the event-stream source and the background sender.
    /// </summary>
    public static IServiceCollection AddJobNotifications(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton<NotificationQueue>();
        services.AddSingleton<INotificationPublisher>(sp => sp.GetRequiredService<NotificationQueue>());
        services.AddHostedService<JobEventNotificationSource>();
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }
}
