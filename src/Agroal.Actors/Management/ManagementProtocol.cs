using System.Text.Json.Nodes;
using Agroal.Actors.Management.Wire;

namespace Agroal.Actors.Management;

/// <summary>Messages the <see cref="ManagementActor"/> receives and sends.</summary>
public static class ManagementProtocol
{
    /// <summary>Run one parsed request; the answer is <see cref="Completed"/>.</summary>
    public sealed record Execute(ManagementRequest Request);

    /// <param name="Document">The request document with Response and Outcome added.</param>
    /// <param name="AfterReply">Work to do once the reply is on the wire (shutdown immediate), or null.</param>
    public sealed record Completed(JsonObject Document, Action? AfterReply = null);

    internal sealed record Finished(Completed Result, Akka.Actor.IActorRef ReplyTo, ForceFlush? ForceFlush = null, ManagementStateChange? Change = null);

    /// <summary>After <paramref name="After"/>, flush <paramref name="Database"/> (null: all) in mode all.</summary>
    internal sealed record ForceFlush(string? Database, TimeSpan After);
}
