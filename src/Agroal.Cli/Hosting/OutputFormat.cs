namespace Agroal.Cli.Hosting;

/// <summary>The <c>-F</c> choice: text for people, JSON for scripts.</summary>
internal enum OutputFormat
{
    Text,
    Json,

    /// <summary>pgagroal-cli's -F raw: the document as it came, header codes untranslated.</summary>
    Raw,
}
