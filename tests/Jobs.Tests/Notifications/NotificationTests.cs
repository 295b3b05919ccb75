using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Jobs.Model;
using Jobs.Notifications;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Jobs.Tests.Notifications;

public sealed class NotificationTests
{
    private const string Secret = "webhook-test-secret";

    [Fact]
    public async Task Webhook_DeliversSignedJsonWithTheError_WhenAJobIsDeadLettered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var engine = await TestEngine.StartAsync(Webhook(receiver));

        var job = await engine.EnqueueAsync("throw", new ThrowArgs("permanent"));
        await engine.WaitForStateAsync(job.JobId, JobState.DeadLettered);
        var hook = await receiver.NextAsync();

        Assert.Equal(ExpectedSignature(hook.Body), hook.Header("X-Jobs-Signature"));
        Assert.Equal("JobDeadLettered", hook.Header("X-Jobs-Event"));
        Assert.StartsWith("application/json", hook.Header("Content-Type"), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(hook.Body);
        var root = json.RootElement;
        Assert.Equal("JobDeadLettered", root.GetProperty("event").GetString());
        Assert.Equal(hook.Header("X-Jobs-Delivery"), root.GetProperty("id").GetString());
        var jobJson = root.GetProperty("job");
        Assert.Equal(job.JobId, jobJson.GetProperty("id").GetInt64());
        Assert.Equal("throw", jobJson.GetProperty("type").GetString());
        Assert.Equal(1, jobJson.GetProperty("attempt").GetInt32());
        Assert.Equal("temporary? no: permanent", jobJson.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains("PermanentJobException", jobJson.GetProperty("error").GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains($"Job {job.JobId} (throw) dead-lettered", root.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_RetriesTheSameSignedBody_AfterTheReceiverAnswers500()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (n, _) => Task.FromResult(n == 1 ? 500 : 200);
        await using var engine = await TestEngine.StartAsync(Webhook(receiver));

        var job = await engine.EnqueueAsync("throw", new ThrowArgs("permanent"));
        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();

        Assert.Equal(first.Header("X-Jobs-Delivery"), second.Header("X-Jobs-Delivery"));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(ExpectedSignature(second.Body), second.Header("X-Jobs-Signature"));
        using var json = JsonDocument.Parse(second.Body);
        Assert.Equal(job.JobId, json.RootElement.GetProperty("job").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Webhook_DoesNotRetry_WhenTheReceiverRefusesWith400()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (n, _) => Task.FromResult(n == 1 ? 400 : 200);
        await using var engine = await TestEngine.StartAsync(Webhook(receiver));
        var publisher = engine.Host.Services.GetRequiredService<INotificationPublisher>();

        var job = await engine.EnqueueAsync("throw", new ThrowArgs("permanent"));
        var refused = await receiver.NextAsync();
        Assert.True(publisher.PublishAnomaly(new AnomalyNotice("duration:etl", null, 42, 5.1)));
        var next = await receiver.NextAsync();

        Assert.Equal("JobDeadLettered", refused.Header("X-Jobs-Event"));
        // A retry of the refused delivery would have come first.
        Assert.Equal("AnomalyDetected", next.Header("X-Jobs-Event"));
        Assert.NotEqual(refused.Header("X-Jobs-Delivery"), next.Header("X-Jobs-Delivery"));
        Assert.True(job.JobId > 0);
    }

    [Fact]
    public async Task Webhook_SendsJobFailed_WhenAnAttemptFailsAndWillBeRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = Webhook(receiver);
        settings["Notifications:Webhooks:0:Events:0"] = "JobFailed";
        await using var engine = await TestEngine.StartAsync(settings);

        // The retry waits on the fake clock, so the job stays Failed.
        var job = await engine.EnqueueAsync("throw", new ThrowArgs("timeout"), r => r with { MaxRetries = 3 });
        await engine.WaitForStateAsync(job.JobId, JobState.Failed);
        var hook = await receiver.NextAsync();

        using var json = JsonDocument.Parse(hook.Body);
        Assert.Equal("JobFailed", json.RootElement.GetProperty("event").GetString());
        Assert.Equal(job.JobId, json.RootElement.GetProperty("job").GetProperty("id").GetInt64());
        Assert.Equal("upstream timed out", json.RootElement.GetProperty("job").GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Channels_SendOnlyTheEventsAndJobTypesTheirFiltersName()
    {
        await using var anomaliesOnly = await WebhookReceiver.StartAsync();
        await using var etlOnly = await WebhookReceiver.StartAsync();
        await using var engine = await TestEngine.StartAsync(new()
        {
            ["Notifications:Enabled"] = "true",
            ["Notifications:Webhooks:0:Url"] = anomaliesOnly.Url.ToString(),
            ["Notifications:Webhooks:0:Secret"] = Secret,
            ["Notifications:Webhooks:0:Events:0"] = "AnomalyDetected",
            ["Notifications:Webhooks:1:Url"] = etlOnly.Url.ToString(),
            ["Notifications:Webhooks:1:Secret"] = Secret,
            ["Notifications:Webhooks:1:JobTypes:0"] = "etl",
        });
        var publisher = engine.Host.Services.GetRequiredService<INotificationPublisher>();

        // Dead-lettered job of type "throw": the first channel wants only anomalies, the second only etl.
        var job = await engine.EnqueueAsync("throw", new ThrowArgs("permanent"));
        await engine.WaitForStateAsync(job.JobId, JobState.DeadLettered);
        await WaitUntilDispatchedAsync(engine);
        Assert.True(publisher.PublishAnomaly(new AnomalyNotice("duration:etl", TestEngine.Start, 930, 6.2, JobType: "etl", Expected: 120)));

        // The dispatcher routes in order: had either accepted the job event, it would have arrived first.
        var first = await anomaliesOnly.NextAsync();
        var second = await etlOnly.NextAsync();
        Assert.Equal("AnomalyDetected", first.Header("X-Jobs-Event"));
        Assert.Equal("AnomalyDetected", second.Header("X-Jobs-Event"));
        using var json = JsonDocument.Parse(second.Body);
        Assert.Equal("duration:etl", json.RootElement.GetProperty("anomaly").GetProperty("series").GetString());
        Assert.Equal(930, json.RootElement.GetProperty("anomaly").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Email_IsReceivedByAnSmtpServer_WhenAJobIsDeadLettered()
    {
        await using var smtp = new SmtpSink();
        await using var engine = await TestEngine.StartAsync(new()
        {
            ["Notifications:Enabled"] = "true",
            ["Notifications:Email:0:Host"] = "127.0.0.1",
            ["Notifications:Email:0:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Email:0:Security"] = "None",
            ["Notifications:Email:0:From"] = "Jobs <jobs@example.test>",
            ["Notifications:Email:0:To:0"] = "ops@example.test",
            ["Notifications:Email:0:Events:0"] = "JobDeadLettered",
        });

        var job = await engine.EnqueueAsync("throw", new ThrowArgs("permanent"));
        var mail = await smtp.NextAsync();

        Assert.Equal("jobs@example.test", mail.From);
        Assert.Equal(["ops@example.test"], mail.To);
        using var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(mail.Data)), TestContext.Current.CancellationToken);
        Assert.Equal($"[Jobs] Job {job.JobId} (throw) dead-lettered on attempt 1: temporary? no: permanent", message.Subject);
        Assert.Contains("Event: JobDeadLettered", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_NeverHoldsUpWorkers_WhenTheWebhookHangs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = (_, ct) => release.Task.WaitAsync(ct);
        var settings = Webhook(receiver);
        settings["Notifications:QueueCapacity"] = "2";
        await using var engine = await TestEngine.StartAsync(settings);

        try
        {
            var failing = new List<long>();
            var succeeding = new List<long>();
            for (var i = 0; i < 30; i++)
            {
                failing.Add((await engine.EnqueueAsync("throw", new ThrowArgs("permanent"))).JobId);
                succeeding.Add((await engine.EnqueueAsync("record", new NameArgs($"r{i}"))).JobId);
            }

            // Every job ends while the receiver still holds the first delivery open: no worker waited for it.
            foreach (var id in failing)
            {
                await engine.WaitForStateAsync(id, JobState.DeadLettered);
            }

            foreach (var id in succeeding)
            {
                await engine.WaitForStateAsync(id, JobState.Succeeded);
            }

            await receiver.NextAsync();
            Assert.Equal(1, receiver.Count);
            Assert.False(release.Task.IsCompleted);
            var queue = engine.Host.Services.GetRequiredService<NotificationQueue>();
            await TestEngine.WaitUntilAsync(
                () => Task.FromResult(queue.Dropped + Dispatcher(engine).Dropped > 0),
                "the full queues dropped notifications instead of growing");
        }
        finally
        {
            release.TrySetResult(200);
        }
    }

    [Fact]
    public async Task Start_FailsNamingEachKey_WhenAWebhookHasNoUrlOrSecret()
    {
        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => TestEngine.StartAsync(new()
        {
            ["Notifications:Enabled"] = "true",
            ["Notifications:Webhooks:0:Url"] = "not a url",
            ["Notifications:Email:0:Host"] = "",
            ["Notifications:Email:0:From"] = "nobody",
        }));

        Assert.Contains("Notifications:Webhooks:0:Url", error.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:Webhooks:0:Secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:Email:0:Host", error.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:Email:0:From", error.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:Email:0:To", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAnomaly_ReturnsFalse_WhenNotificationsAreOff()
    {
        await using var engine = await TestEngine.StartAsync();
        var publisher = engine.Host.Services.GetRequiredService<INotificationPublisher>();

        Assert.False(publisher.PublishAnomaly(new AnomalyNotice("duration:etl", null, 1, 9)));
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(10, 300)]
    [InlineData(100, 300)]
    public void DelayBefore_DoublesFromTheConfiguredDelay_UpToFiveMinutes(int attempt, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), DeliveryBackoff.DelayBefore(attempt, TimeSpan.FromSeconds(2)));
    }

    private static Dictionary<string, string?> Webhook(WebhookReceiver receiver) => new()
    {
        ["Notifications:Enabled"] = "true",
        ["Notifications:Webhooks:0:Url"] = receiver.Url.ToString(),
        ["Notifications:Webhooks:0:Secret"] = Secret,
        // Retries wait on the engine's clock, which is fake here: no wait at all.
        ["Notifications:Webhooks:0:RetryDelay"] = "00:00:00",
    };

    // Computed here with the BCL, not with the code under test.
    private static string ExpectedSignature(byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        return "sha256=" + Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant();
    }

    private static NotificationDispatcher Dispatcher(TestEngine engine) =>
        engine.Host.Services.GetServices<IHostedService>().OfType<NotificationDispatcher>().Single();

    // The job event reaches the queue on the stream's delivery task; wait until the dispatcher has taken it.
    private static Task WaitUntilDispatchedAsync(TestEngine engine)
    {
        var queue = engine.Host.Services.GetRequiredService<NotificationQueue>();
        return TestEngine.WaitUntilAsync(() => Task.FromResult(queue.Reader.Count == 0), "the dispatcher took the job event");
    }
}
