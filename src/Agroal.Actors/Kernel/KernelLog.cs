using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Kernel;

/// <summary>Log lines of the kernel (event ids 1000-1099), one event per line, key=value fields.</summary>
internal static partial class KernelLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "actor_failed actor={Actor} directive=restart")]
    public static partial void ChildRestarted(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "actor_failed actor={Actor} directive=resume")]
    public static partial void ChildResumed(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "actor_failed actor={Actor} directive=stop")]
    public static partial void ChildStopped(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "actor_failed actor={Actor} directive=escalate")]
    public static partial void ChildFailureEscalated(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "actor_failed actor={Actor} directive=stop reason=restart_limit_reached")]
    public static partial void ChildRestartLimitReached(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Critical, Message = "guardian_failed actor={Actor} action=stop_system")]
    public static partial void GuardianFailed(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "actor_failed_while_stopping actor={Actor}")]
    public static partial void FailedWhileStopping(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "lifecycle_hook_failed actor={Actor} hook={Hook}")]
    public static partial void LifecycleHookFailed(ILogger logger, string actor, string hook, Exception exception);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Critical, Message = "mailbox_turn_failed actor={Actor}")]
    public static partial void MailboxTurnFailed(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "dead_letter recipient={Recipient} message_type={MessageType} sender={Sender}")]
    public static partial void DeadLetter(ILogger logger, string recipient, string messageType, string sender);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "unhandled_message actor={Actor} message_type={MessageType}")]
    public static partial void UnhandledMessage(ILogger logger, string actor, string messageType);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "fsm_unhandled_event actor={Actor} state={State} message_type={MessageType}")]
    public static partial void FsmUnhandledEvent(ILogger logger, string actor, string state, string messageType);
}
