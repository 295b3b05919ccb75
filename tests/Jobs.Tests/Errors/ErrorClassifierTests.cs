using System.Net.Sockets;
using System.Text.Json;
using Jobs.Errors;

namespace Jobs.Tests.Errors;

public sealed class ErrorClassifierTests
{
    public static TheoryData<Exception> Transient => new()
    {
        new TimeoutException("slow"),
        new IOException("disk"),
        new SocketException(),
        new HttpRequestException("refused"),
        new TransientJobException("later"),
        new JobTimeoutException("ran too long"),
        new InvalidOperationException("Connection reset by peer"),
        new InvalidOperationException("service temporarily unavailable"),
        new InvalidOperationException("Operation TIMEOUT"),
        new InvalidOperationException("wrapped", new TimeoutException("inner")),
    };

    public static TheoryData<Exception> Permanent => new()
    {
        new ArgumentException("bad value"),
        new ArgumentNullException("x"),
        new InvalidCastException("type"),
        new KeyNotFoundException("key"),
        new FormatException("format"),
        new JsonException("json"),
        new InvalidOperationException("something else"),
        new PermanentJobException("connection will never work"),
        new ArgumentException("timeout must be positive"),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void IsTransient_ReturnsTrue_ForRetryableErrors(Exception error) => Assert.True(ErrorClassifier.IsTransient(error));

    [Theory]
    [MemberData(nameof(Permanent))]
    public void IsTransient_ReturnsFalse_ForPermanentErrors(Exception error) => Assert.False(ErrorClassifier.IsTransient(error));
}
