package org.race.controller.eucon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * EUCON's model predictive controller for one sampling period, solved as a convex QP by ojAlgo.
 *
 * <p>Model (Lu, Wang and Koutsoukos 2005): {@code u(k+1) = u(k) + G F Δr(k)}, G assumed I, with
 * {@code ref(k+p) = B - exp(-p Ts/Tref)(B - u(k))}. Objective, minimised:
 * {@code Σ_{p=1..P} ||u(k+p) - ref(k+p)||² + w Σ_{c<M} (M-c)² ||x_c / 1000||²}: tracking weight the
 * identity, and RACE's weight (M-c) of the c-th planned change (its least-squares row weight, squared
 * here) on rates in jobs per ms, RACE's unit (hence the 1000). Subject to every planned rate within
 * the task's bounds, and optionally {@code u(k+p) <= B}. Only the first step is applied.
 *
 * <p>Two predictions, by what is held beyond the control horizon:
 * <ul>
 * <li>rates (default): the variables are the rate changes {@code x_c = Δr(k+c)}; a change is applied
 * once and the rates then stay, so {@code u(k+p) = u(k) + Σ_{c<min(p,M)} F x_c} and the planned rates
 * are {@code r(k) + Σ_{i<=c} x_i}. Each period's change is the least one that tracks the reference.
 * <li>changes (RACE's MPC_Controller): the rate changes are held, so rates keep changing by the last
 * Δr until the controller moves it; the variables are the moves {@code x_c = Δr(k+c) - Δr(k+c-1)} from
 * the change applied last period {@code d = Δr(k-1)}, giving {@code u(k+p) = u(k) + p F d +
 * Σ_{c<min(p,M)} (p-c) F x_c} (RACE's blocks p·F and (p-c+1)·F, c from 1), planned rates
 * {@code r(k) + (c+1) d + Σ_{i<=c} (c-i+1) x_i} and the applied change {@code d + x_0}. Nothing pulls
 * the part of Δr that leaves every utilization unchanged (tasks outnumber nodes) back to zero: once a
 * rate bound clips a change, the others keep ramping along that direction (seen on the sim: periods
 * drifting to their bounds at constant utilization). Hence not the default.
 * </ul>
 *
 * <p>Internally every variable is scaled by its task's rate range, so that the solver sees variables
 * and coefficients of order one whatever the units.
 *
 * <p>Between periods only the right-hand sides move (utilizations, reference, current rates); the
 * matrices depend on the controlled tasks, their rate ranges, the nodes and F. So they are built once
 * per such {@link Structure} and kept while it lasts, and each period starts from the active set of
 * the last one (warm start): the equality-constrained QP of that set, through a factorisation of its
 * KKT matrix cached per set, is accepted when its KKT conditions hold (feasible, multipliers >= 0),
 * which makes it the optimum of the convex QP; otherwise a few primal-dual active-set steps move the
 * set (a rate reaching or leaving its bound); the first period of a structure starts from no active
 * constraint. Only when the steps do not end (a cycle, a singular system, too many) does ojAlgo
 * solve the QP, and its active set is kept for the next period.
 */
final class Mpc {
    /** The first step of the plan: new rates and the utilization the model predicts for them. */
    record Step(double[] rates, double[] predicted, boolean utilizationLimitDropped) {
    }

    /** The rate-change penalty is on rates in jobs per ms, RACE's unit: (Δr / 1000)². */
    private static final double PER_MS_SQUARED = 1e-6;
    /** Feasibility and multiplier tolerance of a warm start (scaled variables and constraint rows are of order one). */
    private static final double WARM_TOLERANCE = 1e-9;
    /** A constraint of ojAlgo's solution within this of its bound is in the active set handed to the next period. */
    private static final double ACTIVE_TOLERANCE = 1e-7;
    /** Active-set steps tried before the QP goes to ojAlgo; KKT factorisations kept per structure (least recently used dropped). */
    private static final int ACTIVE_SET_STEPS = 10, FACTORISATIONS = 64;

    private final Settings settings;
    private final int activeSetSteps;
    private Structure structure;
    private long warmStarts, solverCalls;

    Mpc(Settings settings) {
        this(settings, ACTIVE_SET_STEPS);
    }

    /** @param activeSetSteps steps from the last active set before ojAlgo solves the QP; 0: ojAlgo every period */
    Mpc(Settings settings, int activeSetSteps) {
        this.settings = settings;
        this.activeSetSteps = activeSetSteps;
    }

    /** Periods solved from the last period's active set, and periods that needed the QP solver: how well the cache works. */
    long[] counts() {
        return new long[] { warmStarts, solverCalls };
    }

    /**
     * @param lastChange Δr(k-1) per task of {@code plant}, Hz (0 when unknown); used when rate changes are held
     * @throws IllegalStateException when the solver finds no solution
     */
    Step step(Plant plant, double[] lastChange) {
        if (structure == null || !structure.fits(plant)) structure = new Structure(plant, settings);
        boolean limit = settings.limitUtilization();
        double[] d = settings.holdChanges() ? lastChange : new double[lastChange.length];
        Rhs rhs = structure.rhs(plant, d, settings);
        double[] y = solve(rhs, limit);
        boolean dropped = false;
        if (limit && y == null) {
            // rate bounds can make u <= B unreachable this period; track the set point as closely as they allow
            y = solve(rhs, false);
            dropped = true;
        }
        if (y == null) throw new IllegalStateException("the QP solver found no feasible rate change");
        int n = plant.tasks().size();
        double[] rates = new double[n];
        for (int j = 0; j < n; j++) {
            Plant.Task t = plant.tasks().get(j);
            double change = d[j] + y[j] * structure.s[j];
            // the solver meets the bounds to its tolerance; the effector must see them met exactly
            rates[j] = Math.max(t.minRate(), Math.min(t.maxRate(), t.rate() + change));
        }
        double[] predicted = new double[plant.nodes().size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = plant.nodes().get(i).utilization();
            for (int j = 0; j < n; j++) predicted[i] += plant.f()[i][j] * (rates[j] - plant.tasks().get(j).rate());
        }
        return new Step(rates, predicted, dropped);
    }

    /**
     * The optimal scaled moves, or null when the QP is infeasible. First the active sets: from last
     * period's (none in the first period of a structure), each step drops the constraints whose
     * multiplier came out negative and adds those the solution violates (a primal-dual active-set
     * step), until the KKT conditions hold; a set seen before, a singular system or too many steps
     * hand the QP to ojAlgo.
     */
    private double[] solve(Rhs rhs, boolean limit) {
        Structure st = structure;
        // nothing known yet: from no constraint at all, which spares ojAlgo (and its start-up, seconds in a fresh bundle)
        int[] set = st.lastActive.getOrDefault(limit, new int[0]);
        Set<List<Integer>> tried = new HashSet<>();
        for (int step = 0; set != null && step < activeSetSteps && tried.add(key(set)); step++) {
            int[][] next = new int[1][];
            double[] y = st.kkt(set).solve(rhs, limit, next);
            if (y != null) {
                warmStarts++;
                st.lastActive.put(limit, set);
                return y;
            }
            set = next[0];
        }
        solverCalls++;
        Optimisation.Result result = st.minimise(rhs, limit);
        if (!result.getState().isFeasible()) return null;
        double[] y = new double[st.vars];
        for (int a = 0; a < st.vars; a++) y[a] = result.doubleValue(a);
        st.lastActive.put(limit, st.activeSet(y, rhs, limit));
        return y;
    }

    private static List<Integer> key(int[] set) {
        return Arrays.stream(set).boxed().toList();
    }

    /** A period's right-hand sides: the objective's linear term and the bounds of every constraint row. */
    private record Rhs(double[] g, double[] lower, double[] upper) {
    }

    /**
     * The matrices of the QP over the scaled moves {@code y_(c,j) = x_(c,j) / s_j}: objective
     * {@code y'Qy + g'y} (from {@code ||A y - b||² + Σ w_k y_k²}), constraint rows: first the planned
     * rate of every (c, j), divided by s_j, then the predicted utilization of every (p, node) (the
     * tracking rows), used when utilization is limited.
     */
    private static final class Structure {
        final List<Plant.Task> tasks;
        final List<String> nodes;
        final double[][] f;
        final int n, vars, rateRows;
        final double[] s;
        /** Tracking rows: a row per (p, node) over the scaled variables. */
        final double[][] tracking;
        final double[][] q;
        final double[][] constraints;
        /** Warm starts: the active set of the last solver call per value of limitUtilization, and the KKT factorisation per set. */
        final Map<Boolean, int[]> lastActive = new HashMap<>();
        final Map<List<Integer>, Kkt> factorisations = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Integer>, Kkt> eldest) {
                return size() > FACTORISATIONS;
            }
        };

        Structure(Plant plant, Settings settings) {
            tasks = plant.tasks();
            nodes = plant.nodes().stream().map(Plant.NodeRow::node).toList();
            f = Arrays.stream(plant.f()).map(double[]::clone).toArray(double[][]::new);
            boolean ramp = settings.holdChanges();
            int horizonP = settings.predictionHorizon(), horizonM = settings.controlHorizon();
            n = tasks.size();
            vars = horizonM * n;
            s = new double[n];
            for (int j = 0; j < n; j++) s[j] = scale(tasks.get(j));
            tracking = new double[horizonP * nodes.size()][vars];
            for (int p = 1; p <= horizonP; p++) {
                for (int i = 0; i < nodes.size(); i++) {
                    double[] row = tracking[(p - 1) * nodes.size() + i];
                    for (int c = 0; c < Math.min(p, horizonM); c++) {
                        for (int j = 0; j < n; j++) row[c * n + j] = (ramp ? p - c : 1) * f[i][j] * s[j];
                    }
                }
            }
            q = new double[vars][vars];
            for (double[] row : tracking) {
                for (int a = 0; a < vars; a++) {
                    if (row[a] == 0) continue;
                    for (int b = 0; b < vars; b++) q[a][b] += row[a] * row[b];
                }
            }
            for (int c = 0; c < horizonM; c++) {
                for (int j = 0; j < n; j++) {
                    double w = settings.rateChangeWeight() * (horizonM - c) * (horizonM - c) * PER_MS_SQUARED;
                    q[c * n + j][c * n + j] += w * s[j] * s[j];
                }
            }
            rateRows = horizonM * n;
            constraints = new double[rateRows + tracking.length][];
            for (int c = 0; c < horizonM; c++) {
                for (int j = 0; j < n; j++) {
                    double[] row = new double[vars];
                    for (int i = 0; i <= c; i++) row[i * n + j] = ramp ? c - i + 1 : 1;
                    constraints[c * n + j] = row;
                }
            }
            System.arraycopy(tracking, 0, constraints, rateRows, tracking.length);
        }

        /** Same tasks with the same rate ranges, same nodes, same F: the matrices still hold. */
        boolean fits(Plant plant) {
            return sameRanges(plant.tasks()) && plant.nodes().stream().map(Plant.NodeRow::node).toList().equals(nodes)
                    && Arrays.deepEquals(plant.f(), f);
        }

        private boolean sameRanges(List<Plant.Task> other) {
            if (other.size() != tasks.size()) return false;
            for (int j = 0; j < tasks.size(); j++) {
                Plant.Task a = tasks.get(j), b = other.get(j);
                if (!a.application().equals(b.application()) || a.minRate() != b.minRate() || a.maxRate() != b.maxRate()) return false;
            }
            return true;
        }

        Rhs rhs(Plant plant, double[] d, Settings settings) {
            int horizonP = settings.predictionHorizon(), horizonM = settings.controlHorizon(), nodeCount = nodes.size();
            double lambda = Math.exp(-1 / settings.trefOverTs());
            double[] g = new double[vars];
            double[] lower = new double[constraints.length], upper = new double[constraints.length];
            for (int p = 1; p <= horizonP; p++) {
                double decay = Math.pow(lambda, p);
                for (int i = 0; i < nodeCount; i++) {
                    Plant.NodeRow node = plant.nodes().get(i);
                    double free = node.utilization(); // u(k+p) if nothing is decided now (a held change goes on)
                    for (int j = 0; j < n; j++) free += p * f[i][j] * d[j];
                    double target = node.setPoint() - decay * (node.setPoint() - node.utilization()) - free;
                    int r = (p - 1) * nodeCount + i;
                    double[] row = tracking[r];
                    for (int a = 0; a < vars; a++) g[a] -= 2 * target * row[a];
                    lower[rateRows + r] = Double.NEGATIVE_INFINITY;
                    upper[rateRows + r] = node.setPoint() - free;
                }
            }
            for (int c = 0; c < horizonM; c++) {
                for (int j = 0; j < n; j++) {
                    Plant.Task t = plant.tasks().get(j);
                    double planned = t.rate() + (c + 1) * d[j];
                    lower[c * n + j] = (t.minRate() - planned) / s[j];
                    upper[c * n + j] = (t.maxRate() - planned) / s[j];
                }
            }
            return new Rhs(g, lower, upper);
        }

        /** Rows in use: the rate rows, and the utilization rows when limited. */
        int rows(boolean limit) {
            return limit ? constraints.length : rateRows;
        }

        /** Constraints of {@code y} at a bound: k + 1 for row k at its upper bound, -(k + 1) at its lower one. */
        int[] activeSet(double[] y, Rhs rhs, boolean limit) {
            List<Integer> active = new ArrayList<>();
            for (int k = 0; k < rows(limit); k++) {
                double v = dot(constraints[k], y);
                if (v >= rhs.upper()[k] - ACTIVE_TOLERANCE) active.add(k + 1);
                else if (v <= rhs.lower()[k] + ACTIVE_TOLERANCE) active.add(-(k + 1));
            }
            return active.stream().mapToInt(Integer::intValue).toArray();
        }

        Kkt kkt(int[] active) {
            return factorisations.computeIfAbsent(key(active), k -> new Kkt(this, active));
        }

        /** ojAlgo's convex solver on the whole QP. */
        Optimisation.Result minimise(Rhs rhs, boolean limit) {
            ExpressionsBasedModel model = new ExpressionsBasedModel();
            List<Variable> y = new ArrayList<>();
            for (int a = 0; a < vars; a++) y.add(model.addVariable("y" + a));
            Expression objective = model.addExpression("objective").weight(1);
            for (int a = 0; a < vars; a++) {
                if (rhs.g()[a] != 0) objective.set(y.get(a), rhs.g()[a]);
                for (int b = 0; b < vars; b++) {
                    if (q[a][b] != 0) objective.set(y.get(a), y.get(b), q[a][b]);
                }
            }
            for (int k = 0; k < rows(limit); k++) {
                Expression e = model.addExpression("c" + k).upper(rhs.upper()[k]);
                if (rhs.lower()[k] != Double.NEGATIVE_INFINITY) e.lower(rhs.lower()[k]);
                for (int a = 0; a < vars; a++) {
                    if (constraints[k][a] != 0) e.set(y.get(a), constraints[k][a]);
                }
            }
            return model.minimise();
        }
    }

    /**
     * The KKT system of the QP with the constraints of an active set held at their bounds,
     * {@code [2Q A'; A 0] [y; μ] = [-g; b]} (a lower bound enters as its negated row), LU-factorised
     * once; {@link #solve} gives the optimum when it is feasible and every multiplier is >= 0.
     */
    private static final class Kkt {
        private final Structure st;
        private final int[] active;
        private final double[][] lu;
        private final int[] pivot;

        Kkt(Structure st, int[] active) {
            this.st = st;
            this.active = active;
            int size = st.vars + active.length;
            double[][] m = new double[size][size];
            for (int a = 0; a < st.vars; a++) {
                for (int b = 0; b < st.vars; b++) m[a][b] = 2 * st.q[a][b];
            }
            for (int w = 0; w < active.length; w++) {
                double sign = Math.signum(active[w]);
                double[] row = st.constraints[Math.abs(active[w]) - 1];
                for (int a = 0; a < st.vars; a++) {
                    m[st.vars + w][a] = sign * row[a];
                    m[a][st.vars + w] = sign * row[a];
                }
            }
            pivot = new int[size];
            lu = decompose(m, pivot) ? m : null;
        }

        /**
         * The optimum from this active set, or null when the set is not optimal this period; then
         * {@code next[0]} is the set to try next (null when the system is singular).
         */
        double[] solve(Rhs rhs, boolean limit, int[][] next) {
            if (lu == null) return null;
            int vars = st.vars, size = lu.length;
            double[] x = new double[size];
            for (int a = 0; a < vars; a++) x[a] = -rhs.g()[a];
            for (int w = 0; w < active.length; w++) {
                int k = Math.abs(active[w]) - 1;
                // a utilization row while utilization is not limited: zero multiplier, so it is dropped below
                if (k < st.rows(limit)) x[vars + w] = active[w] > 0 ? rhs.upper()[k] : -rhs.lower()[k];
            }
            substitute(lu, pivot, x);
            TreeSet<Integer> kept = new TreeSet<>(Comparator.comparingInt(Math::abs));
            boolean optimal = true;
            for (int w = 0; w < active.length; w++) {
                if (Math.abs(active[w]) - 1 >= st.rows(limit) || x[vars + w] < -WARM_TOLERANCE) optimal = false;
                else kept.add(active[w]);
            }
            double[] y = Arrays.copyOf(x, vars);
            for (int k = 0; k < st.rows(limit); k++) {
                double v = dot(st.constraints[k], y);
                if (v > rhs.upper()[k] + WARM_TOLERANCE) {
                    kept.remove(-(k + 1));
                    kept.add(k + 1);
                    optimal = false;
                } else if (v < rhs.lower()[k] - WARM_TOLERANCE) {
                    kept.remove(k + 1);
                    kept.add(-(k + 1));
                    optimal = false;
                }
            }
            if (optimal) return y;
            next[0] = kept.stream().mapToInt(Integer::intValue).toArray();
            return null;
        }
    }

    /** In-place LU decomposition with partial pivoting; false when the matrix is (numerically) singular. */
    private static boolean decompose(double[][] m, int[] pivot) {
        int size = m.length;
        double largest = 0;
        for (double[] row : m) {
            for (double v : row) largest = Math.max(largest, Math.abs(v));
        }
        for (int c = 0; c < size; c++) {
            int p = c;
            for (int r = c + 1; r < size; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
            }
            if (Math.abs(m[p][c]) <= 1e-13 * largest) return false;
            double[] swap = m[p];
            m[p] = m[c];
            m[c] = swap;
            pivot[c] = p;
            for (int r = c + 1; r < size; r++) {
                double factor = m[r][c] /= m[c][c];
                if (factor == 0) continue;
                for (int k = c + 1; k < size; k++) m[r][k] -= factor * m[c][k];
            }
        }
        return true;
    }

    /** Solves LU x = b in place, b permuted as the decomposition's rows were. */
    private static void substitute(double[][] lu, int[] pivot, double[] x) {
        int size = lu.length;
        for (int c = 0; c < size; c++) {
            double swap = x[pivot[c]];
            x[pivot[c]] = x[c];
            x[c] = swap;
        }
        for (int r = 0; r < size; r++) {
            for (int k = 0; k < r; k++) x[r] -= lu[r][k] * x[k];
        }
        for (int r = size - 1; r >= 0; r--) {
            for (int k = r + 1; k < size; k++) x[r] -= lu[r][k] * x[k];
            x[r] /= lu[r][r];
        }
    }

    private static double dot(double[] row, double[] y) {
        double v = 0;
        for (int a = 0; a < y.length; a++) v += row[a] * y[a];
        return v;
    }

    /** The task's rate range in Hz: the unit its moves are scaled by (1 for a task pinned to one rate). */
    private static double scale(Plant.Task t) {
        double range = t.maxRate() - t.minRate();
        return range > 0 ? range : 1;
    }
}
