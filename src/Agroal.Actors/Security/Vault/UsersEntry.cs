namespace Agroal.Actors.Security.Vault;

/// <summary>One <c>username:base64</c> line of a users file, still encrypted.</summary>
internal sealed record UsersEntry(string Username, string Encoded, int LineNumber, int LineIndex);
