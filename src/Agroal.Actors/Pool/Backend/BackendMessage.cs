namespace Agroal.Actors.Pool.Backend;

/// <summary>One whole protocol message copied out of a pipe; used only off the relay path (login, reset, checks).</summary>
public readonly record struct BackendMessage(byte Tag, byte[] Payload);
