"""How far can a much larger CNN get on a synthetic test profile? (README: "The realistic test profile's ceiling")

Trains a plain VGG-style CNN (width 16: 294k parameters, about 13x the shipped network) in PyTorch on a data set
written by `npm run --silent export-patches`, and scores it on others after every epoch: accuracy overall, per
patch kind and per number of augmentations applied. Not part of the app or the tests (needs PyTorch, CPU is
enough: about 2 minutes per epoch of 60,000 patches on one core here).

  npm run --silent export-patches -- --out /tmp/ceil/train --count 60000 --seed 2002 --profile test
  npm run --silent export-patches -- --out /tmp/ceil/eval --count 4000 --seed 777 --profile test
  npm run --silent export-patches -- --out /tmp/ceil/eval-plain --count 4000 --seed 777 --profile test --no-augment
  python3 bench/ceiling.py --train /tmp/ceil/train --eval /tmp/ceil/eval --eval /tmp/ceil/eval-plain --epochs 15

Prints one JSON line per epoch; the last line is the final epoch's.
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load(prefix):
    manifest = json.load(open(prefix + '.json'))
    side = manifest['side']
    x = np.fromfile(prefix + '.x.f32', dtype='<f4').reshape(-1, 1, side, side)
    y = np.fromfile(prefix + '.y.u8', dtype=np.uint8).astype(np.int64)
    kind = np.fromfile(prefix + '.kind.u8', dtype=np.uint8)
    applied = np.fromfile(prefix + '.applied.u8', dtype=np.uint8)
    return manifest, torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(y), kind, applied


def make_net(w):
    """Four 3x3 conv stages with batch norm and 2x2 max-pools (48 -> 3), then two dense layers. The flattened
    3x3 map keeps where in the patch things are: a BSR off the centre row makes a not-BSR patch."""

    def block(i, o):
        return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))

    return nn.Sequential(
        block(1, w), block(w, w), nn.MaxPool2d(2),
        block(w, 2 * w), block(2 * w, 2 * w), nn.MaxPool2d(2),
        block(2 * w, 4 * w), block(4 * w, 4 * w), nn.MaxPool2d(2),
        block(4 * w, 8 * w), nn.MaxPool2d(2), nn.Flatten(),
        nn.Dropout(0.3), nn.Linear(8 * w * 9, 128), nn.ReLU(inplace=True), nn.Dropout(0.3), nn.Linear(128, 2))


def score(net, data):
    manifest, x, y, kind, applied = data
    net.eval()
    with torch.no_grad():
        p = torch.cat([F.softmax(net(x[i:i + 500]), 1)[:, 1] for i in range(0, len(y), 500)]).numpy()
    net.train()
    right = (p > 0.5) == (y.numpy() == 1)
    names = manifest['kindNames']
    augs = np.array([bin(int(a)).count('1') for a in applied])
    return {
        'accuracy': round(float(right.mean()), 4),
        'per_kind': {names[k]: round(float(right[kind == k].mean()), 3) for k in np.unique(kind)},
        'per_augmentation_count': {int(c): [round(float(right[augs == c].mean()), 3), int((augs == c).sum())]
                                   for c in np.unique(augs)},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--train', required=True)
    ap.add_argument('--eval', action='append', required=True)
    ap.add_argument('--epochs', type=int, default=15)
    ap.add_argument('--width', type=int, default=16)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--save', help='write the trained weights here (torch.save)')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    _, x, y, _, _ = load(args.train)
    evals = {p: load(p) for p in args.eval}
    net = make_net(args.width)
    batch = 128
    steps = args.epochs * (len(y) // batch)
    opt = torch.optim.AdamW(net.parameters(), 2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 2e-3, total_steps=steps)
    params = sum(p.numel() for p in net.parameters())
    t0 = time.time()
    for epoch in range(args.epochs):
        order = torch.randperm(len(y))
        total = 0.0
        for i in range(0, len(y) - batch + 1, batch):
            idx = order[i:i + batch]
            xb, yb = x[idx], y[idx]
            # Mirrored left-right a patch keeps its label (a BSR stays a BSR).
            flip = torch.rand(batch) < 0.5
            xb[flip] = xb[flip].flip(3)
            loss = F.cross_entropy(net(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        line = {'epoch': epoch + 1, 'parameters': params, 'train_loss': round(total / (len(y) // batch), 4),
                'seconds': round(time.time() - t0), 'eval': {p: score(net, d) for p, d in evals.items()}}
        print(json.dumps(line), flush=True)
    if args.save:
        torch.save(net.state_dict(), args.save)


if __name__ == '__main__':
    main()
