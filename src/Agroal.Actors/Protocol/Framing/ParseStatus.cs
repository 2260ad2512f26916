namespace Agroal.Actors.Protocol;

public enum ParseStatus
{
    NeedMoreData,
    Complete,
    Invalid,
}
