namespace Agroal.Actors.Kernel;

public enum Directive
{
    Resume,
    Restart,
    Stop,
    Escalate,
}
