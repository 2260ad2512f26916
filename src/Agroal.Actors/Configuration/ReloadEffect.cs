namespace Agroal.Actors.Configuration;

/// <summary>Whether a changed key takes effect on reload or needs a restart.</summary>
public enum ReloadEffect
{
    AppliesLive,
    RequiresRestart,
}
