"""Stand-in for experiments/shapes.py: prints training progress the way the real
script's PyTorch-Ignite loop does, so that the run step has epochs, accuracy and
loss to follow. It needs only the Python standard library."""

import argparse
import csv
import math
import os
import random
import time

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--epochs", type=int, default=10)
parser.add_argument("--seconds-per-epoch", type=float, default=0.5)
parser.add_argument("--output", default="outputs", help="folder for metrics.csv, relative to the working directory")
args = parser.parse_args()

random.seed(7)
os.makedirs(args.output, exist_ok=True)
with open(os.path.join(args.output, "metrics.csv"), "w", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(["epoch", "accuracy", "loss"])
    for epoch in range(1, args.epochs + 1):
        time.sleep(args.seconds_per_epoch)
        accuracy = min(0.99, 0.1 + 0.9 * (1 - math.exp(-epoch / 4)) + random.uniform(-0.02, 0.02))
        loss = max(0.05, 2.9 * math.exp(-epoch / 3) + random.uniform(-0.05, 0.05))
        print(f"Test Results - Epoch: {epoch}  Avg accuracy: {accuracy:.3f} Avg loss: {loss:.2f}", flush=True)
        writer.writerow([epoch, f"{accuracy:.3f}", f"{loss:.2f}"])
print(f"Wrote {os.path.join(args.output, 'metrics.csv')}")
