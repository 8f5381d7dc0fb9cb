"""A Dask task for the fault tests, imported by the worker processes: screens a shard like
entitle.dask.screen_shard, except that the first attempt at the chosen shard kills its own
worker process (SIGKILL, nothing cleaned up) while the engine is writing."""
import os
import signal
import threading
import time

from entitle import dask as entitle_dask


def kill_once_then_screen(shard, out_dir, *rest):
    marker = os.environ["ENTITLE_TEST_KILL_MARKER"]
    victim = os.environ["ENTITLE_TEST_KILL_SHARD"]
    if os.path.basename(shard) == victim:
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass  # the retry: screen normally
        else:
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            threading.Thread(target=entitle_dask.screen_shard, args=(shard, out_dir, *rest),
                             daemon=True).start()
            # Kill as soon as the engine's temporary output exists: mid-write.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if any(f.endswith(".tmp") for f in os.listdir(out_dir)):
                    break
                time.sleep(0.001)
            os.kill(os.getpid(), signal.SIGKILL)
    return entitle_dask.screen_shard(shard, out_dir, *rest)
