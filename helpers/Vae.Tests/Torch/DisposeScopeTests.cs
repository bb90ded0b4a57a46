using Vae.Torch;

namespace Vae.Tests.Torch;

/// <summary>What a dispose scope frees, what it lets go, and how scopes nest.</summary>
public class DisposeScopeTests
{
    [Fact]
    public void TensorsCreatedInAScope_AreDisposedAtItsEnd()
    {
        using var before = torch.ones([3]);
        Tensor a, b, c;
        using (var scope = torch.NewDisposeScope())
        {
            a = torch.ones([3]);
            b = a + before;
            c = b.sum();
            Assert.Equal(3, scope.Count);
            Assert.Same(b, b.mul_(2)); // in place: no new tensor
            Assert.Equal(3, scope.Count);
        }
        Assert.True(a.IsDisposed && b.IsDisposed && c.IsDisposed);
        Assert.False(before.IsDisposed);
        Assert.Equal(new float[] { 1, 1, 1 }, before.data<float>());
    }

    [Fact]
    public void DisposingATensorEarly_RemovesItFromTheScope()
    {
        var scope = torch.NewDisposeScope();
        var a = torch.ones([2]);
        var b = torch.ones([2]);
        a.Dispose();
        Assert.Equal(1, scope.Count);
        scope.Dispose();
        scope.Dispose(); // twice is harmless
        Assert.True(b.IsDisposed);
    }

    [Fact]
    public void MoveToOuterDisposeScope_HandsTheTensorToTheEnclosingScope()
    {
        Tensor kept, dropped;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                Assert.Same(outer, inner.Outer);
                kept = (torch.ones([2]) * 3).MoveToOuterDisposeScope();
                dropped = torch.ones([2]);
                Assert.Equal(2, inner.Count); // the ones([2]) behind kept, and dropped
            }
            Assert.True(dropped.IsDisposed);
            Assert.False(kept.IsDisposed);
            Assert.Equal(new float[] { 3, 3 }, kept.data<float>());
            Assert.Equal(1, outer.Count);
        }
        Assert.True(kept.IsDisposed);
    }

    [Fact]
    public void MoveToOuterDisposeScope_FromTheOutermostScope_LeavesItToTheCaller()
    {
        Tensor t;
        using (var scope = torch.NewDisposeScope())
        {
            t = torch.ones([2]);
            Assert.Same(t, scope.MoveToOuter(t));
            Assert.Equal(0, scope.Count);
        }
        Assert.False(t.IsDisposed);
        t.Dispose();
    }

    [Fact]
    public void DetachFromDisposeScope_SurvivesEveryScope()
    {
        Tensor t;
        using (torch.NewDisposeScope())
        using (torch.NewDisposeScope())
            t = torch.full([2], 4.0).DetachFromDisposeScope();
        Assert.Equal(new float[] { 4, 4 }, t.data<float>());
        t.Dispose();
        Assert.True(t.IsDisposed);
    }

    [Fact]
    public void MoveToOuter_OfATensorFromAnotherScope_DoesNothing()
    {
        using var outer = torch.NewDisposeScope();
        var t = torch.ones([1]);
        using (var inner = torch.NewDisposeScope())
        {
            Assert.Same(t, inner.MoveToOuter(t));
            Assert.Equal(0, inner.Count);
        }
        Assert.False(t.IsDisposed);
        Assert.Equal(1, outer.Count);
    }

    [Fact]
    public void NestedScopes_RestoreTheOuterScopeWhenTheInnerEnds()
    {
        using var outer = torch.NewDisposeScope();
        var first = torch.ones([1]);
        Tensor inside;
        using (torch.NewDisposeScope()) inside = torch.ones([1]);
        var after = torch.ones([1]); // belongs to outer again
        Assert.True(inside.IsDisposed);
        Assert.False(first.IsDisposed || after.IsDisposed);
        Assert.Equal(2, outer.Count);
        outer.Dispose();
        Assert.True(first.IsDisposed && after.IsDisposed);
    }

    [Fact]
    public void ScopesDisposedOutOfOrder_FallBackToTheNearestLiveScope()
    {
        using var root = torch.NewDisposeScope();
        var middle = torch.NewDisposeScope();
        var inner = torch.NewDisposeScope();
        middle.Dispose();           // out of order: inner stays current
        var t = torch.ones([1]);
        Assert.Equal(1, inner.Count);
        inner.Dispose();
        Assert.True(t.IsDisposed);
        var u = torch.ones([1]);    // neither disposed scope takes it: root does
        Assert.Equal(1, root.Count);
        Assert.False(u.IsDisposed);
    }

    [Fact]
    public void Scopes_ArePerThread()
    {
        Tensor? other = null;
        using (torch.NewDisposeScope())
        {
            var thread = new Thread(() => other = torch.ones([2]));
            thread.Start();
            thread.Join();
        }
        Assert.NotNull(other);
        Assert.False(other.IsDisposed);
        other.Dispose();
    }

    [Fact]
    public void ModuleParameters_CreatedInAScope_SurviveIt()
    {
        Vae.Torch.Modules.Linear linear;
        using (torch.NewDisposeScope()) linear = torch.nn.Linear(2, 2);
        Assert.All(linear.parameters(), p => Assert.False(p.IsDisposed));
        using (torch.NewDisposeScope())
        {
            var y = linear.forward(torch.ones([1, 2]));
            Assert.Equal(new long[] { 1, 2 }, y.shape);
        }
        linear.Dispose();
        Assert.True(linear.weight.IsDisposed);
    }
}
