namespace Agroal.Actors.Kernel;

/// <summary>Default payloads of <see cref="TaskPipeExtensions.PipeTo{T}"/>; a Failure also fails an Ask.</summary>
public static class Status
{
    public sealed record Failure(Exception Cause);

    public sealed record Success(object? Value);
}
