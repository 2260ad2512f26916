using System.Diagnostics.CodeAnalysis;

namespace Agroal.Actors.Configuration;

/// <summary>Either a loaded configuration or the errors that prevented it; warnings are kept in both cases.</summary>
public sealed class ConfigurationLoadResult
{
    private ConfigurationLoadResult(
        AgroalConfiguration? configuration,
        IReadOnlyList<ConfigurationError> errors,
        IReadOnlyList<ConfigurationWarning> warnings)
    {
        Configuration = configuration;
        Errors = errors;
        Warnings = warnings;
    }

    public AgroalConfiguration? Configuration { get; }

    public IReadOnlyList<ConfigurationError> Errors { get; }

    public IReadOnlyList<ConfigurationWarning> Warnings { get; }

    [MemberNotNullWhen(true, nameof(Configuration))]
    public bool Succeeded => Configuration is not null;

    public static ConfigurationLoadResult Success(AgroalConfiguration configuration) =>
        new(configuration, [], configuration.Warnings);

    public static ConfigurationLoadResult Failure(
        IReadOnlyList<ConfigurationError> errors, IReadOnlyList<ConfigurationWarning> warnings) =>
        new(null, errors, warnings);
}
