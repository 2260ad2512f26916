namespace Agroal.Actors.Protocol;

/// <summary>First byte of each message a client sends after the startup packet.</summary>
public static class FrontendTag
{
    public const byte Query = (byte)'Q';
    public const byte Parse = (byte)'P';
    public const byte Bind = (byte)'B';
    public const byte Describe = (byte)'D';
    public const byte Execute = (byte)'E';
    public const byte Close = (byte)'C';
    public const byte Sync = (byte)'S';
    public const byte Flush = (byte)'H';
    public const byte Terminate = (byte)'X';
    public const byte CopyData = (byte)'d';
    public const byte CopyDone = (byte)'c';
    public const byte CopyFail = (byte)'f';
    public const byte FunctionCall = (byte)'F';

    /// <summary>Shared by PasswordMessage, SASLInitialResponse, SASLResponse and GSSResponse.</summary>
    public const byte Password = (byte)'p';

    /// <summary>
    /// The types PostgreSQL accepts once a session is logged in (anything else it answers with FATAL "invalid frontend
    /// message type" and ends the backend). Password ('p') belongs to authentication only. Compiled to a jump table.
    /// </summary>
    public static bool IsKnownAfterStartup(byte tag) => tag is Query or Parse or Bind or Describe or Execute or Close or Sync or Flush
        or Terminate or CopyData or CopyDone or CopyFail or FunctionCall;
}
