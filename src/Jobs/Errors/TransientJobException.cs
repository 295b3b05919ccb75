namespace Jobs.Errors;

/// <summary>Thrown by a handler to say: this failure may go away, retry the job.</summary>
public class TransientJobException : Exception
{
    public TransientJobException() { }
    public TransientJobException(string message) : base(message) { }
    public TransientJobException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Thrown by a handler to say: retrying will not help, dead-letter the job now.</summary>
public class PermanentJobException : Exception
{
    public PermanentJobException() { }
    public PermanentJobException(string message) : base(message) { }
    public PermanentJobException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Recorded as the error of an attempt that ran past its timeout.</summary>
public sealed class JobTimeoutException : TimeoutException
{
    public JobTimeoutException() { }
    public JobTimeoutException(string message) : base(message) { }
    public JobTimeoutException(string message, Exception innerException) : base(message, innerException) { }
}
