using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tests.Telemetry;

public sealed class SecretRedactorForgetTests
{
    [Test]
    public void AForgottenOwnersValueIsNoLongerMasked()
    {
        var redactor = new SecretRedactor();
        redactor.Register("task-a", "value-of-a");

        redactor.Forget("task-a");

        Assert.That(redactor.Redact("value-of-a"), Is.EqualTo("value-of-a"));
    }

    [Test]
    public void AValueStaysMaskedWhileAnotherOwnerStillHasIt()
    {
        var redactor = new SecretRedactor();
        redactor.Register("task-a", "shared-token");
        redactor.Register("task-b", "shared-token");

        redactor.Forget("task-a");

        Assert.That(redactor.Redact("shared-token"), Is.EqualTo(SecretRedactor.Mask));
    }

    [Test]
    public void PermanentValuesAreNeverForgotten()
    {
        var redactor = new SecretRedactor();
        redactor.Register("wk-the-api-key");

        redactor.Forget("");

        Assert.That(redactor.Redact("wk-the-api-key"), Is.EqualTo(SecretRedactor.Mask));
    }

    [Test]
    public void AfterManyTasksCameAndWentOnlyTheLiveOnesValuesAreKept()
    {
        var redactor = new SecretRedactor();
        redactor.Register("wk-the-api-key");
        for (var task = 0; task < 5_000; task++)
        {
            redactor.Register($"task-{task}", $"token-of-task-{task}");
            redactor.Register($"task-{task}", $"password-{task}");
            if (task >= 3)
            {
                redactor.Forget($"task-{task - 3}");
            }
        }

        Assert.Multiple(() =>
        {
            // The API key and two values of each of the three live tasks: the work per line is theirs only.
            Assert.That(redactor.Count, Is.EqualTo(1 + (3 * 2)));
            Assert.That(redactor.Redact("token-of-task-4999"), Is.EqualTo(SecretRedactor.Mask));
            Assert.That(redactor.Redact("token-of-task-10"), Is.EqualTo("token-of-task-10"));
        });
    }
}
