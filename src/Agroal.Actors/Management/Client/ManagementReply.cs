using System.Text.Json.Nodes;

namespace Agroal.Actors.Management.Client;

/// <summary>The answer to one request: the response document, or the failure and its explanation.</summary>
public sealed record ManagementReply(JsonObject? Document, ManagementFailure Failure, string? Error)
{
    public bool Received => Document is not null;

    /// <summary>The answer's text as it arrived (after decompression and decryption): what <c>-F raw</c> prints.</summary>
    public string? Json { get; init; }

    public static ManagementReply Fail(ManagementFailure failure, string error) => new(null, failure, error);
}
