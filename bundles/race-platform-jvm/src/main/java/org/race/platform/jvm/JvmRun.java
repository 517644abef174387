package org.race.platform.jvm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

import org.race.api.model.DeploymentPlan;
import org.race.node.platform.AppGraph;
import org.race.node.platform.Run;

/** An application on the jvm platform: its workers, its release timer, and the payloads on their way between its typed components. */
final class JvmRun extends Run {
    final Map<String, Worker> workers = new LinkedHashMap<>();
    final Payloads payloads = new Payloads();
    private final Supplier<OsPriorities> priorities;
    ScheduledThreadPoolExecutor timer;
    volatile Thread timerThread;
    volatile long timerTid = -1;

    JvmRun(DeploymentPlan plan, AppGraph graph, Supplier<OsPriorities> priorities) {
        super(plan, graph);
        this.priorities = priorities;
    }

    /** A timer thread of its own, with the timer's OS priority. */
    void startTimer() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(() -> {
                timerThread = Thread.currentThread();
                timerTid = OsPriorities.currentTid();
                priorities.get().applyTimer(timerThread, timerTid);
                r.run();
            }, "race-" + plan().name() + "-release");
            t.setDaemon(true);
            return t;
        });
    }

    /** Pending jobs are dropped. Returns the timer to shut down outside the lock. */
    ScheduledThreadPoolExecutor stopTimer() {
        workers.values().forEach(w -> w.queue.clear());
        payloads.clear();
        ScheduledThreadPoolExecutor t = timer;
        timer = null;
        timerThread = null;
        timerTid = -1;
        return t;
    }
}
