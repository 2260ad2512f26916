namespace Agroal.Actors.Configuration;

/// <summary>SCRAM channel binding towards a backend (<c>channel_binding</c>).</summary>
public enum ChannelBindingMode
{
    Disabled,
    Prefer,
    Require,
}
