using Jobs.Errors;

namespace Jobs.BuiltIn.Pipeline.Rows;

/// <summary>The input of a block could not be read: a missing file, a job without a row set, bad JSON.</summary>
public sealed class PipelineInputException : PermanentJobException
{
    public PipelineInputException() { }
    public PipelineInputException(string message) : base(message) { }
    public PipelineInputException(string message, Exception innerException) : base(message, innerException) { }
}
