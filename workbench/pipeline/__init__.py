"""The analysis as a pipeline of stages over partitions of the corpus, run by an executor.

A stage is a list of tasks; each task is a plain function of frames that reads its inputs from
the index directory and writes its own outputs there with a completion marker, so any executor
(``engine_local`` in this process, ``engine_dask`` on a Dask cluster) runs the same steps and a
rerun skips what is done. Nothing here imports Textual.
"""
