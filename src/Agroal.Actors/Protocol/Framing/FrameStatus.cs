namespace Agroal.Actors.Protocol;

public enum FrameStatus
{
    NeedMoreData,
    Complete,
    Invalid,
}
