namespace Agroal.Tests.Integration.WebConsole;

/// <summary>A fact that is skipped, with the reason, only when chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null)
        {
            Skip = Chromium.MissingReason;
        }
    }
}
