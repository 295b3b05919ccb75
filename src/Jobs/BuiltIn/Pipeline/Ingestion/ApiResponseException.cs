using Jobs.Errors;

namespace Jobs.BuiltIn.Pipeline.Ingestion;

/// <summary>An API answered with a client error (4xx other than 408 and 429): permanent, since the same request fails the same way.</summary>
public sealed class ApiResponseException : PermanentJobException
{
    public ApiResponseException() { }
    public ApiResponseException(string message) : base(message) { }
    public ApiResponseException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a response status.</summary>
    public ApiResponseException(System.Net.HttpStatusCode statusCode, string message) : base(message) => StatusCode = statusCode;

    /// <summary>The status the API answered with.</summary>
    public System.Net.HttpStatusCode? StatusCode { get; }
}
