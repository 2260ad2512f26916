namespace Agroal.Actors.Clients;

/// <summary>The effective pipeline (pgagroal's <c>pipeline</c> after <c>auto</c> is resolved).</summary>
public enum PipelineKind
{
    Performance,
    Session,
    Transaction,
}
