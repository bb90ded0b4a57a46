using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Vae.Tests.Checks;

/// <summary>Notebook 1's VAE as a student writes it (smaller), with each of the usual slips in encode and reparameterize to switch on.</summary>
public sealed class StudentVae : nn.Module<Tensor, (Tensor x_logits, Tensor z_mu, Tensor z_sigma)>
{
    private readonly Sequential encoder, decoder;

    public StudentVae(string encodeSlip = "", string reparameterizeSlip = "") : base(nameof(StudentVae))
    {
        encoder = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 4));
        decoder = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 784));
        RegisterComponents();
        (EncodeSlip, ReparameterizeSlip) = (encodeSlip, reparameterizeSlip);
    }

    public string EncodeSlip { get; }
    public string ReparameterizeSlip { get; }

    public (Tensor z_mu, Tensor z_sigma) encode(Tensor x)
    {
        var h = encoder.forward(x).chunk(2, dim: 1);
        return EncodeSlip switch
        {
            "" => (h[0], F.softplus(h[1])),
            "swapped" => (F.softplus(h[1]), h[0]),
            "exp" => (h[0], h[1].exp()),
            "no softplus" => (h[0], h[1]),
            "not written" => throw Vae.Checks.Exercise.Todo("Task 1 · encode: split the encoder's outputs"),
            _ => throw new ArgumentException(EncodeSlip),
        };
    }

    public Tensor reparameterize(Tensor z_mu, Tensor z_sigma) => ReparameterizeSlip switch
    {
        "" => z_mu + z_sigma * randn_like(z_sigma),
        "no sigma" => z_mu.clone(),
        "variance" => z_mu + z_sigma.square() * randn_like(z_sigma),
        "detached" => z_mu + z_sigma.detach() * randn_like(z_sigma),
        "one eps" => z_mu + z_sigma * randn(z_sigma.shape[1], device: z_sigma.device),
        "uniform" => z_mu + z_sigma * rand_like(z_sigma),
        "no mu" => z_sigma * randn_like(z_sigma),
        "randn shape" => z_mu + z_sigma * randn(z_sigma.shape, device: z_sigma.device),
        "normal_" => z_mu + z_sigma * empty_like(z_sigma).normal_(),
        _ => throw new ArgumentException(ReparameterizeSlip),
    };

    public Tensor decode(Tensor z) => decoder.forward(z);

    public override (Tensor x_logits, Tensor z_mu, Tensor z_sigma) forward(Tensor x)
    {
        var (z_mu, z_sigma) = encode(x);
        return (decode(reparameterize(z_mu, z_sigma)), z_mu, z_sigma);
    }
}
