package org.race.controller.eucon;

import java.util.ArrayList;
import java.util.List;

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
 */
final class Mpc {
    /** The first step of the plan: new rates and the utilization the model predicts for them. */
    record Step(double[] rates, double[] predicted, boolean utilizationLimitDropped) {
    }

    /** The rate-change penalty is on rates in jobs per ms, RACE's unit: (Δr / 1000)². */
    private static final double PER_MS_SQUARED = 1e-6;

    private final Settings settings;

    Mpc(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param lastChange Δr(k-1) per task of {@code plant}, Hz (0 when unknown); used when rate changes are held
     * @throws IllegalStateException when the solver finds no solution
     */
    Step step(Plant plant, double[] lastChange) {
        boolean limit = settings.limitUtilization();
        double[] d = settings.holdChanges() ? lastChange : new double[lastChange.length];
        Optimisation.Result result = solve(plant, d, limit);
        boolean dropped = false;
        if (limit && !result.getState().isFeasible()) {
            // rate bounds can make u <= B unreachable this period; track the set point as closely as they allow
            result = solve(plant, d, false);
            dropped = true;
        }
        if (!result.getState().isFeasible()) throw new IllegalStateException("the QP solver ended " + result.getState());
        int n = plant.tasks().size();
        double[] rates = new double[n];
        for (int j = 0; j < n; j++) {
            Plant.Task t = plant.tasks().get(j);
            double change = d[j] + result.doubleValue(j) * scale(t);
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

    /** {@code d} is 0 when rates are held, which leaves only the coefficients to tell the two predictions apart. */
    private Optimisation.Result solve(Plant plant, double[] d, boolean limitUtilization) {
        boolean ramp = settings.holdChanges();
        int n = plant.tasks().size(), nodes = plant.nodes().size();
        int horizonP = settings.predictionHorizon(), horizonM = settings.controlHorizon();
        double lambda = Math.exp(-1 / settings.trefOverTs());
        double[][] f = plant.f();
        double[] s = new double[n];
        for (int j = 0; j < n; j++) s[j] = scale(plant.tasks().get(j));

        // tracking rows: a row per (p, node), over the scaled variables y_(c,j) = x_(c,j) / s_j
        int vars = horizonM * n;
        List<double[]> rows = new ArrayList<>();
        List<Double> frees = new ArrayList<>(), targets = new ArrayList<>();
        for (int p = 1; p <= horizonP; p++) {
            double decay = Math.pow(lambda, p);
            for (int i = 0; i < nodes; i++) {
                Plant.NodeRow node = plant.nodes().get(i);
                double ref = node.setPoint() - decay * (node.setPoint() - node.utilization());
                double free = node.utilization(); // u(k+p) if nothing is decided now (a held change goes on)
                for (int j = 0; j < n; j++) free += p * f[i][j] * d[j];
                double[] row = new double[vars];
                for (int c = 0; c < Math.min(p, horizonM); c++) {
                    for (int j = 0; j < n; j++) row[c * n + j] = (ramp ? p - c : 1) * f[i][j] * s[j];
                }
                rows.add(row);
                frees.add(free);
                targets.add(ref - free);
            }
        }

        ExpressionsBasedModel model = new ExpressionsBasedModel();
        List<Variable> y = new ArrayList<>();
        for (int c = 0; c < horizonM; c++) {
            for (int j = 0; j < n; j++) y.add(model.addVariable("change" + c + "_" + plant.tasks().get(j).application()));
        }
        // ||A y - b||² + Σ w_k y_k² = y'(A'A + W)y - 2 b'A y + const
        double[][] q = new double[vars][vars];
        double[] g = new double[vars];
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            for (int a = 0; a < vars; a++) {
                if (row[a] == 0) continue;
                g[a] -= 2 * targets.get(r) * row[a];
                for (int b = 0; b < vars; b++) q[a][b] += row[a] * row[b];
            }
        }
        for (int c = 0; c < horizonM; c++) {
            for (int j = 0; j < n; j++) {
                double w = settings.rateChangeWeight() * (horizonM - c) * (horizonM - c) * PER_MS_SQUARED;
                q[c * n + j][c * n + j] += w * s[j] * s[j];
            }
        }
        Expression objective = model.addExpression("objective").weight(1);
        for (int a = 0; a < vars; a++) {
            if (g[a] != 0) objective.set(y.get(a), g[a]);
            for (int b = 0; b < vars; b++) {
                if (q[a][b] != 0) objective.set(y.get(a), y.get(b), q[a][b]);
            }
        }

        for (int c = 0; c < horizonM; c++) {
            for (int j = 0; j < n; j++) {
                Plant.Task t = plant.tasks().get(j);
                double planned = t.rate() + (c + 1) * d[j];
                Expression rate = model.addExpression("rate" + c + "_" + t.application())
                        .lower(t.minRate() - planned).upper(t.maxRate() - planned);
                for (int i = 0; i <= c; i++) rate.set(y.get(i * n + j), (ramp ? c - i + 1 : 1) * s[j]);
            }
        }
        if (limitUtilization) {
            for (int r = 0; r < rows.size(); r++) {
                Plant.NodeRow node = plant.nodes().get(r % nodes);
                Expression u = model.addExpression("limit" + (r / nodes + 1) + "_" + node.node()).upper(node.setPoint() - frees.get(r));
                double[] row = rows.get(r);
                for (int a = 0; a < vars; a++) {
                    if (row[a] != 0) u.set(y.get(a), row[a]);
                }
            }
        }
        return model.minimise();
    }

    /** The task's rate range in Hz: the unit its moves are scaled by (1 for a task pinned to one rate). */
    private static double scale(Plant.Task t) {
        double range = t.maxRate() - t.minRate();
        return range > 0 ? range : 1;
    }
}
