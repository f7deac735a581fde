namespace Oz.KubeSim.Admission;

public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
}
