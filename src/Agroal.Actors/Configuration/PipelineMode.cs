namespace Agroal.Actors.Configuration;

/// <summary>The relay strategy (<c>pipeline</c>); <see cref="Auto"/> is resolved at load time.</summary>
public enum PipelineMode
{
    Auto,
    Performance,
    Session,
    Transaction,
}
