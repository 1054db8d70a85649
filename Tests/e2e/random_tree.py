"""Writes COUNT files of random bytes into FOLDER, spread over SUBFOLDERS folders, each of
MIN to MAX bytes, named f0000NAME.dat; the same SEED gives the same tree. For the transfer
end-to-end test and benchmark. Usage: random_tree.py FOLDER COUNT SUBFOLDERS MIN MAX SEED [NAME]"""
import os
import random
import sys

folder, count, subfolders, smallest, largest, seed = sys.argv[1], *map(int, sys.argv[2:7])
name = sys.argv[7] if len(sys.argv) > 7 else ""
rng = random.Random(seed)
for i in range(count):
    sub = os.path.join(folder, f"d{i % subfolders:02d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"f{i:04d}{name}.dat"), "wb") as f:
        f.write(rng.randbytes(rng.randint(smallest, largest)))
