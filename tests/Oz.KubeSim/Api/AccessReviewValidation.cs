namespace Oz.KubeSim.Api;

/// <summary>
/// The spec checks of a SelfSubjectAccessReview (ValidateSelfSubjectAccessReviewSpec): exactly one of
/// resourceAttributes and nonResourceAttributes, else 422 Invalid.
/// </summary>
internal static class AccessReviewValidation
{
    public static void Check(ResourceType type, JsonObject review)
    {
        if (type != BuiltInResources.SelfSubjectAccessReviews)
        {
            return;
        }

        var resource = JsonPath.Get(review, "spec.resourceAttributes") is JsonObject;
        var nonResource = JsonPath.Get(review, "spec.nonResourceAttributes") is JsonObject;
        FieldError? error = (resource, nonResource) switch
        {
            (true, true) => FieldError.Invalid("spec.nonResourceAttributes", JsonPath.Get(review, "spec.nonResourceAttributes")!.ToJsonString(), "cannot be specified in combination with resourceAttributes"),
            (false, false) => FieldError.Invalid("spec.resourceAttributes", "\"null\"", "exactly one of nonResourceAttributes or resourceAttributes must be specified"),
            _ => null,
        };
        if (error is not null)
        {
            throw StatusObjects.Invalid(type, "", [error]);
        }
    }
}
