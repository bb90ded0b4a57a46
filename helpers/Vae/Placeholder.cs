namespace Vae;
