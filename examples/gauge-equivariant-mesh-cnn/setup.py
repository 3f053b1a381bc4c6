# A stand-in written for rescale-apptainer's example, in the shape of the
# gauge-equivariant-mesh-cnn repository: its dependencies are unpinned, so the
# PyG wheel index given to pip decides which torch the extensions are built for.
from setuptools import find_packages, setup

setup(
    name="gem_cnn",
    version="1.0.0",
    packages=find_packages(include=["gem_cnn*"]),
    install_requires=[
        "torch",
        "torch_geometric",
        "torch_scatter",
        "torch_sparse",
        "tqdm",
    ],
)
