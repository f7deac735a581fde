using Oz.KubeSim.Validation;

namespace Oz.KubeSim.Api;

/// <summary>The checks of a written object's content: field decoding of a client's body, built-in validation, CRD schemas and CEL rules.</summary>
internal static class ObjectValidation
{
    /// <summary>Field validation of a client's body (see <see cref="UnknownFields"/>); in-process controllers write what they mean.</summary>
    public static void DecodeFields(ResourceType type, JsonObject obj, RequestContext ctx, bool isPatch = false)
    {
        if (ctx.FromClient)
        {
            UnknownFields.Enforce(type, obj, ctx, isPatch);
        }
    }

    public static void Validate(ResourceType type, string name, JsonObject obj, JsonObject? old)
    {
        var errors = BuiltInValidation.Validate(type, obj, old);
        if (type.IsCustom && type.Schema is not null)
        {
            errors.AddRange(SchemaValidator.ValidateAndPrune(obj, type.Schema));

            // Like the API server, CEL rules only run on a schema-valid shape (no type errors).
            if (!errors.Exists(e => e.Reason == "FieldValueTypeInvalid"))
            {
                errors.AddRange(CelRuleValidator.Validate(obj, old, type.Schema));
            }
        }

        if (type == BuiltInResources.Crds)
        {
            errors.AddRange(CrdRuleCompiler.Check(obj));
        }

        if (errors.Count > 0)
        {
            throw StatusObjects.Invalid(type, name, errors);
        }
    }
}
