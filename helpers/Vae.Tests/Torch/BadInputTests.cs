using System.Buffers.Binary;
using System.Text;
using Vae.Torch;
using F = Vae.Torch.torch.nn.functional;

namespace Vae.Tests.Torch;

/// <summary>
/// Calls that must fail: each throws a specific exception whose message names the shape, dtype, key or
/// file at fault, and the process (and the binding) goes on working afterwards (checked by Expect.Throws).
/// </summary>
public class BadInputTests
{
    // ---- shapes ----

    [Fact]
    public void Add_ShapeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        var (a, b) = (torch.ones([2, 3]), torch.ones([4]));
        Expect.Throws<TorchException>(() => _ = a + b, "size of tensor a (3)", "size of tensor b (4)");
    }

    [Fact]
    public void Matmul_ShapeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        var (a, b) = (torch.ones([2, 3]), torch.ones([4, 5]));
        Expect.Throws<TorchException>(() => a.matmul(b), "2x3", "4x5");
    }

    [Fact]
    public void Linear_ShapeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        using var linear = torch.nn.Linear(4, 2);
        var x = torch.ones([5, 3]);
        Expect.Throws<TorchException>(() => linear.forward(x), "5x3", "4x2");
    }

    [Fact]
    public void Cat_ShapeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        var (a, b) = (torch.ones([2, 3]), torch.ones([2, 4]));
        Expect.Throws<TorchException>(() => torch.cat([a, b]), "Expected size 3 but got size 4");
    }

    [Fact]
    public void Stack_ShapeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        var (a, b) = (torch.ones([2]), torch.ones([3]));
        Expect.Throws<TorchException>(() => torch.stack([a, b]), "[2] at entry 0", "[3] at entry 1");
    }

    [Fact]
    public void CatOfNothing()
    {
        Expect.Throws<ArgumentException>(() => torch.cat([]), "at least one tensor");
    }

    [Fact]
    public void Conv2d_ChannelMismatch()
    {
        using var scope = torch.NewDisposeScope();
        using var conv = torch.nn.Conv2d(4, 3, 3);
        var x = torch.ones([1, 2, 5, 5]);
        Expect.Throws<TorchException>(() => conv.forward(x), "[3, 4, 3, 3]", "4 channels", "2 channels");
    }

    [Fact]
    public void BatchNorm_WrongRank()
    {
        using var scope = torch.NewDisposeScope();
        using var bn = torch.nn.BatchNorm1d(3);
        var x = torch.ones([2, 3, 4, 5]);
        Expect.Throws<TorchException>(() => bn.forward(x), "BatchNorm1d", "2 or 3-D", "[2, 3, 4, 5]");
        Assert.Equal(0L, bn.num_batches_tracked.item<long>());
    }

    [Fact]
    public void BatchNorm_FeatureCountMismatch()
    {
        using var scope = torch.NewDisposeScope();
        using var bn = torch.nn.BatchNorm1d(4);
        var x = torch.ones([2, 3]);
        Expect.Throws<TorchException>(() => bn.forward(x), "running_mean should contain 3 elements not 4");
    }

    [Fact]
    public void Reshape_WrongNumberOfElements()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2, 3]);
        Expect.Throws<TorchException>(() => x.reshape(4), "'[4]'", "size 6");
    }

    [Fact]
    public void View_OfNonContiguousTensor()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.ones([2, 3]).t();
        Expect.Throws<TorchException>(() => t.view(6), "view size is not compatible", "reshape");
    }

    [Fact]
    public void Expand_NonSingletonDimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2, 3]);
        Expect.Throws<TorchException>(() => x.expand(4, 3), "[4, 3]", "[2, 3]");
    }

    [Fact]
    public void Tensor_DataDoesNotFillShape()
    {
        Expect.Throws<TorchException>(() => torch.tensor(new float[] { 1, 2, 3 }, [2, 2]), "12 bytes", "[2, 2]", "16");
    }

    // ---- dimensions and indices ----

    [Fact]
    public void Sum_OverDimensionFiveOfAMatrix()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2, 3]);
        Expect.Throws<TorchException>(() => x.sum(5), "Dimension out of range", "[-2, 1]", "got 5");
    }

    [Fact]
    public void Transpose_DimensionOutOfRange()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2, 3]);
        Expect.Throws<TorchException>(() => x.transpose(0, 3), "Dimension out of range", "got 3");
    }

    [Fact]
    public void Select_IndexOutOfRange()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2, 3]);
        Expect.Throws<TorchException>(() => _ = x[7], "index 7 out of range", "[2, 3]");
    }

    [Fact]
    public void Narrow_PastTheEnd()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2, 3]);
        Expect.Throws<TorchException>(() => x.narrow(1, 2, 5), "start (2) + length (5) exceeds dimension size (3)");
    }

    [Fact]
    public void Size_DimensionOutOfRange()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2, 3]);
        Expect.Throws<ArgumentOutOfRangeException>(() => x.size(2), "dimension 2", "[2, 3]");
    }

    [Fact]
    public void Chunk_ZeroChunks()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([4]);
        Expect.Throws<ArgumentOutOfRangeException>(() => x.chunk(0), "positive number of chunks", "got 0");
    }

    // ---- dtypes ----

    [Fact]
    public void Matmul_DtypeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        var (a, b) = (torch.ones([2, 3]), torch.ones([3, 2], torch.float64));
        Expect.Throws<TorchException>(() => a.matmul(b), "Float", "Double");
    }

    [Fact]
    public void InPlaceAdd_OfFloatIntoInt64()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(3);
        Expect.Throws<TorchException>(() => x.add_(1.5), "Float", "Long");
        Assert.Equal(new long[] { 0, 1, 2 }, x.data<long>());
    }

    [Fact]
    public void IndexSelect_WithFloatIndex()
    {
        using var scope = torch.NewDisposeScope();
        var (x, index) = (torch.ones([3]), torch.ones([2]));
        Expect.Throws<TorchException>(() => x.index_select(0, index), "index_select", "int64");
    }

    [Fact]
    public void MaskedSelect_WithFloatMask()
    {
        using var scope = torch.NewDisposeScope();
        var (x, mask) = (torch.ones([3]), torch.ones([3]));
        Expect.Throws<TorchException>(() => x.masked_select(mask), "masked_select", "BoolTensor");
    }

    [Fact]
    public void Pow_OfIntegersToNegativePower()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(3);
        Expect.Throws<TorchException>(() => x.pow(-1), "Integers to negative integer powers");
    }

    [Fact]
    public void Data_WithWrongElementType()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(3);
        Expect.Throws<TorchException>(() => x.data<float>(), "data<Single>()", "float32", "int64", ".to(torch.float32)");
    }

    [Fact]
    public void Item_OfManyElements()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2, 3]);
        Expect.Throws<TorchException>(() => x.item<float>(), "exactly one element", "[2, 3]");
    }

    [Fact]
    public void Item_OfUnsupportedType()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([1]);
        Expect.Throws<ArgumentException>(() => x.item<short>(), "item<Int16>()", "float, double, long");
    }

    [Fact]
    public void Clamp_WithoutBounds()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([3]);
        Expect.Throws<TorchException>(() => x.clamp(), "'min' or 'max'");
    }

    [Fact]
    public void BinaryCrossEntropy_OfNonProbabilities()
    {
        using var scope = torch.NewDisposeScope();
        var (p, t) = (torch.full([2], 1.5), torch.ones([2]));
        Expect.Throws<TorchException>(() => F.binary_cross_entropy(p, t), "between 0 and 1");
    }

    // ---- lifetime and autograd ----

    [Fact]
    public void DisposedTensor_ThrowsObjectDisposed()
    {
        var x = torch.ones([3]);
        x.Dispose();
        x.Dispose(); // twice is harmless
        Expect.Throws<ObjectDisposedException>(() => x.sum(), "disposed", "MoveToOuterDisposeScope");
        Expect.Throws<ObjectDisposedException>(() => _ = x.shape, "disposed");
        using var y = torch.ones([3]);
        Expect.Throws<ObjectDisposedException>(() => _ = y + x, "disposed");
    }

    [Fact]
    public void TensorDisposedByItsScope_ThrowsObjectDisposed()
    {
        Tensor x;
        using (torch.NewDisposeScope()) x = torch.ones([3]);
        Expect.Throws<ObjectDisposedException>(() => x.data<float>(), "dispose scope");
    }

    [Fact]
    public void Backward_OfNonScalarWithoutGradient()
    {
        using var scope = torch.NewDisposeScope();
        var y = torch.ones([3], requires_grad: true) * 2;
        Expect.Throws<TorchException>(() => y.backward(), "only for scalar outputs");
    }

    [Fact]
    public void Backward_OnTensorThatDoesNotRequireGrad()
    {
        using var scope = torch.NewDisposeScope();
        var y = torch.ones([3]).sum();
        Expect.Throws<TorchException>(() => y.backward(), "does not require grad");
    }

    [Fact]
    public void Backward_WithMisshapedGradient()
    {
        using var scope = torch.NewDisposeScope();
        var y = torch.ones([3], requires_grad: true).log();
        var g = torch.ones([4]);
        Expect.Throws<TorchException>(() => y.backward(g), "invalid gradient", "[4]", "[3]");
    }

    [Fact]
    public void Backward_TwiceWithoutRetainGraph()
    {
        using var scope = torch.NewDisposeScope();
        var y = torch.ones([3], requires_grad: true).exp().sum();
        y.backward();
        Expect.Throws<TorchException>(() => y.backward(), "second time", "retain_graph");
    }

    [Fact]
    public void InPlace_OnLeafThatRequiresGrad()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones([3], requires_grad: true);
        Expect.Throws<TorchException>(() => w.add_(1), "leaf Variable that requires grad", "in-place");
    }

    // ---- devices and runtime ----

    [Fact]
    public void Device_CudaWhereThereIsNone()
    {
        if (torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, torch.device("cuda").type);
            return;
        }
        Expect.Throws<TorchException>(() => torch.device("cuda"), "'cuda:0'", "no CUDA GPU", "LIBTORCH_DIR", "CPU-only");
        Expect.Throws<TorchException>(() => torch.device("cuda:1"), "LIBTORCH_DIR");
        Assert.Equal(Device.CPU, torch.device("auto"));
        Assert.Equal(Device.CPU, torch.device(" CPU "));
    }

    [Fact]
    public void CudaDevice_UsedDirectlyWithoutCuda()
    {
        if (torch.cuda.is_available()) return;
        var cuda = new Device(DeviceType.CUDA, 0);
        Expect.Throws<TorchException>(() => torch.zeros([2], device: cuda), "CUDA");
        using var x = torch.ones([2]);
        Expect.Throws<TorchException>(() => x.to(cuda), "CUDA");
    }

    [Fact]
    public void UnknownDtypeNumber()
    {
        using var x = torch.ones([2]);
        Expect.Throws<TorchException>(() => x.to((ScalarType)(-3)), "unknown dtype -3");
        Expect.Throws<TorchException>(() => torch.zeros([2], (ScalarType)200), "unknown dtype 200");
        Expect.Throws<TorchException>(() => torch.tensor<float>([1f], [1]).to((ScalarType)99), "unknown dtype 99");
    }

    [Fact]
    public void Device_UnknownName()
    {
        Expect.Throws<ArgumentException>(() => torch.device("tpu"), "'tpu'", "cpu, cuda, cuda:N or auto");
        Expect.Throws<ArgumentException>(() => torch.device("cuda:-1"), "'cuda:-1'");
        Expect.Throws<ArgumentException>(() => torch.device("cuda:x"), "'cuda:x'");
    }

    [Fact]
    public void SetNumThreads_Zero()
    {
        Expect.Throws<ArgumentOutOfRangeException>(() => torch.set_num_threads(0), "at least 1", "got 0");
    }

    [Fact]
    public void Linspace_NegativeSteps()
    {
        Expect.Throws<TorchException>(() => torch.linspace(0, 1, -1), "non-negative");
    }

    [Fact]
    public void Zeros_NegativeDimension()
    {
        Expect.Throws<TorchException>(() => torch.zeros([2, -1]), "negative dimension -1", "[2, -1]");
    }

    // ---- Adam ----

    [Fact]
    public void Adam_WithNoParameters()
    {
        Expect.Throws<ArgumentException>(() => torch.optim.Adam([]), "at least one parameter");
    }

    [Fact]
    public void Adam_WithBadHyperparameters()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones([2], requires_grad: true);
        Expect.Throws<ArgumentOutOfRangeException>(() => torch.optim.Adam([p], lr: -1), "learning rate", "-1");
        Expect.Throws<ArgumentOutOfRangeException>(() => torch.optim.Adam([p], beta1: 1), "betas", "(1, 0.999)");
    }

    [Fact]
    public void Adam_LoadStateWithUnknownKey()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones([2], requires_grad: true);
        using var adam = torch.optim.Adam([p]);
        var state = new Dictionary<string, Tensor> { ["state.5.step"] = torch.tensor(new long[] { 1 }, []), ["lr"] = torch.ones([]) };
        Expect.Throws<TorchException>(() => adam.load_state_dict(state), "'state.5.step'", "'lr'", "1 parameters");
    }

    [Fact]
    public void Adam_LoadStateWithMisshapedMoment()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones([2], requires_grad: true);
        using var adam = torch.optim.Adam([p]);
        var state = new Dictionary<string, Tensor>
        {
            ["state.0.step"] = torch.tensor(new long[] { 3 }, []),
            ["state.0.exp_avg"] = torch.zeros([5]),
            ["state.0.exp_avg_sq"] = torch.zeros([2]),
        };
        Expect.Throws<TorchException>(() => adam.load_state_dict(state), "exp_avg", "[5]", "[2]");
        state.Remove("state.0.exp_avg");
        Expect.Throws<TorchException>(() => adam.load_state_dict(state), "missing 'state.0.exp_avg'");
    }

    [Fact]
    public void Adam_UsedAfterDispose()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones([2], requires_grad: true);
        var adam = torch.optim.Adam([p]);
        adam.Dispose();
        Expect.Throws<ObjectDisposedException>(() => adam.step(), "Adam");
    }

    // ---- safetensors files ----

    private static string WriteFile(TempDirectory dir, byte[] bytes)
    {
        var path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A safetensors file with this header and data, the length prefix filled in unless given.</summary>
    private static byte[] SafetensorsBytes(string header, byte[] data, ulong? headerLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    [Fact]
    public void Safetensors_Truncated()
    {
        using var dir = new TempDirectory();
        var path = WriteFile(dir, [1, 0, 0]);
        Expect.Throws<TorchException>(() => safetensors.load_file(path), "bad.safetensors", "3 bytes long", "8-byte header length");
    }

    [Fact]
    public void Safetensors_HeaderLongerThanFile()
    {
        using var dir = new TempDirectory();
        var path = WriteFile(dir, SafetensorsBytes("{}", [], headerLength: 1000));
        Expect.Throws<TorchException>(() => safetensors.load_file(path), "bad.safetensors", "claims 1000 bytes", "only 2 follow");
        var huge = WriteFile(dir, SafetensorsBytes("{}", [], headerLength: ulong.MaxValue));
        Expect.Throws<TorchException>(() => safetensors.load_file(huge), "truncated");
    }

    [Fact]
    public void Safetensors_BadJson()
    {
        using var dir = new TempDirectory();
        var path = WriteFile(dir, SafetensorsBytes("{\"a\": {\"dtype\": ", []));
        Expect.Throws<TorchException>(() => safetensors.load_file(path), "bad.safetensors", "not valid JSON");
        var array = WriteFile(dir, SafetensorsBytes("[1, 2]", []));
        Expect.Throws<TorchException>(() => safetensors.load_file(array), "not a JSON object");
    }

    [Fact]
    public void Safetensors_OffsetsOutOfRange()
    {
        using var dir = new TempDirectory();
        var path = WriteFile(dir, SafetensorsBytes("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}""", new byte[8]));
        Expect.Throws<TorchException>(() => safetensors.load_file(path), "'w'", "[0, 16]", "8-byte data section");
        var backwards = WriteFile(dir, SafetensorsBytes("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}""", new byte[8]));
        Expect.Throws<TorchException>(() => safetensors.load_file(backwards), "'w'", "[8, 4]");
    }

    [Fact]
    public void Safetensors_SizeDoesNotMatchShape()
    {
        using var dir = new TempDirectory();
        var path = WriteFile(dir, SafetensorsBytes("""{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}""", new byte[16]));
        Expect.Throws<TorchException>(() => safetensors.load_file(path), "'w'", "12 bytes", "[2, 2]", "F32", "16");
    }

    [Fact]
    public void Safetensors_UnknownDtype()
    {
        using var dir = new TempDirectory();
        var path = WriteFile(dir, SafetensorsBytes("""{"q":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}""", new byte[2]));
        Expect.Throws<TorchException>(() => safetensors.load_file(path), "'q'", "F8_E4M3");
    }

    [Fact]
    public void Safetensors_FieldOfWrongType()
    {
        using var dir = new TempDirectory();
        var path = WriteFile(dir, SafetensorsBytes("""{"w":{"dtype":"F32","shape":"two","data_offsets":[0,8]}}""", new byte[8]));
        Expect.Throws<TorchException>(() => safetensors.load_file(path), "'w'", "shape");
        var negative = WriteFile(dir, SafetensorsBytes("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", new byte[8]));
        Expect.Throws<TorchException>(() => safetensors.load_file(negative), "'w'", "negative dimension");
        var metadata = WriteFile(dir, SafetensorsBytes("""{"__metadata__":{"epoch":3}}""", []));
        Expect.Throws<TorchException>(() => safetensors.load_file(metadata), "bad.safetensors", "wrong type");
    }

    [Fact]
    public void Safetensors_DuplicateKey()
    {
        using var dir = new TempDirectory();
        var header = """{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"w":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}""";
        var path = WriteFile(dir, SafetensorsBytes(header, new byte[2]));
        Expect.Throws<TorchException>(() => safetensors.load_file(path), "bad.safetensors", "repeats a name", "Key: w");
    }

    [Fact]
    public void Safetensors_MissingFile()
    {
        using var dir = new TempDirectory();
        Expect.Throws<FileNotFoundException>(() => safetensors.load_file(dir.File("nope.safetensors")), "nope.safetensors", "does not exist");
    }
}
