#!/usr/bin/env python3
"""The PyTorch reference for `vae bench`: the same models, loss and training loop as the
workbook's C# code, in PyTorch (Debian's python3-torch). Prints one JSON object per result line
so the C# side can quote both in the same run.

  pytorch_reference.py gemm  [--size 1024] [--reps 20]
  pytorch_reference.py op    [--reps 20000]
  pytorch_reference.py train --data DIR [--model mlp|conv] [--hidden 500,500] [--z 2]
                             [--sigma softplus|logvar] [--epochs 1] [--subset N] [--seed 1]
                             [--threads N] [--device cpu|cuda] [--profile STEPS]
"""
import argparse
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def emit(**fields):
    print(json.dumps(fields), flush=True)


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


class MlpVae(nn.Module):
    """784 → hidden → (μ, σ); decoder mirrored, Bernoulli logits. As helpers/Vae/Models/MlpVae.cs."""

    def __init__(self, hidden, z, sigma):
        super().__init__()
        layers, width = [], 784
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU()]
            width = h
        self.encoder = nn.Sequential(*layers)
        self.mu = nn.Linear(width, z)
        self.head = nn.Linear(width, z)
        self.logvar = sigma == "logvar"
        layers, width = [], z
        for h in reversed(hidden):
            layers += [nn.Linear(width, h), nn.ReLU()]
            width = h
        layers.append(nn.Linear(width, 784))
        self.decoder = nn.Sequential(*layers)

    def encode(self, x):
        h = self.encoder(x)
        s = self.head(h)
        if self.logvar:
            return self.mu(h), torch.exp(0.5 * s), s
        sigma = F.softplus(s)
        return self.mu(h), sigma, torch.log(sigma.pow(2))

    def decode(self, z):
        return self.decoder(z)


class ConvVae(nn.Module):
    """The lecture's convolutional VAE with batch normalization. As helpers/Vae/Models/ConvVae.cs."""

    def __init__(self, z):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Unflatten(1, (1, 28, 28)),
            nn.Conv2d(1, 32, 3, 2, 1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 64, 3, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 20), nn.BatchNorm1d(20), nn.ReLU())
        self.mu = nn.Linear(20, z)
        self.head = nn.Linear(20, z)
        self.decoder = nn.Sequential(
            nn.Linear(z, 64 * 7 * 7), nn.BatchNorm1d(64 * 7 * 7), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
            nn.ConvTranspose2d(64, 64, 3, 2, 1, 1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.ConvTranspose2d(64, 32, 3, 2, 1, 1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 3, 1, 1), nn.Flatten())

    def encode(self, x):
        h = self.encoder(x)
        logvar = self.head(h)
        return self.mu(h), torch.exp(0.5 * logvar), logvar

    def decode(self, z):
        return self.decoder(z)


def negative_elbo(model, x):
    """Bernoulli reconstruction from logits + closed-form KL, summed per image, averaged over the batch."""
    mu, sigma, log_sigma2 = model.encode(x)
    z = mu + sigma * torch.randn_like(sigma)
    reconstruction = F.binary_cross_entropy_with_logits(model.decode(z), x, reduction="sum") / x.shape[0]
    kl = 0.5 * (mu.pow(2) + log_sigma2.exp() - log_sigma2 - 1).sum() / x.shape[0]
    return reconstruction + kl, reconstruction, kl


def evaluate(model, images, batch=1000):
    model.eval()
    totals = np.zeros(3)
    with torch.no_grad():
        for i in range(0, images.shape[0], batch):
            x = images[i:i + batch]
            totals += np.array([t.item() for t in negative_elbo(model, x)]) * x.shape[0]
    model.train()
    return totals / images.shape[0]


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def train(args):
    device = torch.device(args.device)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    load = lambda name: torch.from_numpy(read_idx(os.path.join(args.data, name)).reshape(-1, 784).astype(np.float32) / 255)
    train_images = load("train-images-idx3-ubyte")[: args.subset].to(device)
    test_images = load("t10k-images-idx3-ubyte")[: args.test_subset].to(device)
    hidden = [int(h) for h in args.hidden.split(",")]
    model = (ConvVae(args.z) if args.model == "conv" else MlpVae(hidden, args.z, args.sigma)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    n = train_images.shape[0]

    def step(index):
        optimizer.zero_grad()
        loss, _, _ = negative_elbo(model, train_images[index])
        loss.backward()
        optimizer.step()
        return loss

    if args.profile:
        from torch.profiler import profile, ProfilerActivity
        perm = torch.randperm(n, device=device)
        for i in range(5):
            step(perm[i * args.batch_size:(i + 1) * args.batch_size])
        activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device.type == "cuda" else [])
        with profile(activities=activities) as p:
            for i in range(args.profile):
                step(perm[(i % (n // args.batch_size)) * args.batch_size:][: args.batch_size])
            synchronize(device)
        for e in sorted(p.key_averages(), key=lambda e: -e.self_cpu_time_total):
            emit(op=e.key, calls=e.count, total_us=e.cpu_time_total, self_us=e.self_cpu_time_total)
        return

    for epoch in range(1, args.epochs + 1):
        synchronize(device)
        start = time.perf_counter()
        perm = torch.randperm(n, device=device)
        total, steps = 0.0, 0
        for i in range(0, n, args.batch_size):
            total += step(perm[i:i + args.batch_size]).item()
            steps += 1
        synchronize(device)
        seconds = time.perf_counter() - start
        test = evaluate(model, test_images)
        synchronize(device)
        emit(epoch=epoch, steps=steps, train_seconds=seconds, epoch_seconds=time.perf_counter() - start, train_loss=total / steps,
             test_loss=test[0], test_reconstruction=test[1], test_kl=test[2])


def gemm(args):
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    a = torch.randn(args.size, args.size, device=device)
    b = torch.randn(args.size, args.size, device=device)
    for _ in range(3):
        c = a @ b
    synchronize(device)
    times = []
    for _ in range(args.reps):
        start = time.perf_counter()
        c = a @ b  # allocates its result, as the C# side does
        synchronize(device)
        times.append(time.perf_counter() - start)
    emit(gflops=2 * args.size ** 3 / median(times) / 1e9)


def op(args):
    torch.set_num_threads(args.threads)
    x = torch.ones(1)
    batches = []
    for _ in range(20):
        start = time.perf_counter()
        for _ in range(args.reps // 20):
            y = x + 1
        batches.append((time.perf_counter() - start) / (args.reps // 20))
    emit(op_us=median(batches) * 1e6)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["gemm", "op", "train"])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--data")
    parser.add_argument("--model", default="mlp", choices=["mlp", "conv"])
    parser.add_argument("--hidden", default="500,500")
    parser.add_argument("--z", type=int, default=2)
    parser.add_argument("--sigma", default="softplus", choices=["softplus", "logvar"])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--subset", type=int, default=None)
    parser.add_argument("--test-subset", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--profile", type=int, default=0, help="profile this many steps instead of training")
    args = parser.parse_args()
    if args.what == "op" and args.reps < 1000:
        args.reps = 20000
    {"gemm": gemm, "op": op, "train": train}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
