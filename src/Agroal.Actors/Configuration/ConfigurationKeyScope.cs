namespace Agroal.Actors.Configuration;

internal enum ConfigurationKeyScope
{
    Main,
    Server,
    Limit,
    Hba,
}
