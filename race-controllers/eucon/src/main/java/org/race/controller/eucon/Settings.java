package org.race.controller.eucon;

/**
 * EUCON's parameters, validated. Defaults are those of {@link EuconController.Config}.
 *
 * @param predictionHorizon P, sampling periods the utilization is predicted over
 * @param controlHorizon M (1..P), sampling periods over which rate changes are planned
 * @param trefOverTs Tref/Ts: time constant of the reference trajectory in sampling periods
 * @param setPoint fixed cpu utilization set point of every node, or a value <= 0 for the RMS bound
 *        m(2^(1/m) - 1) of the node's m subtasks
 * @param rateChangeWeight weight of the rate-change penalty, on rates in jobs per ms (RACE's unit)
 * @param samplingPeriods act once every this many control-loop periods (Ts = this x the loop period)
 * @param limitUtilization also constrain predicted utilizations to at most the set point
 * @param holdChanges RACE's prediction (rate changes held beyond the control horizon, moves of the
 *        change penalised) instead of the default (rates held, changes penalised); see {@link Mpc}
 * @param estimateGain scale each node's row of F by an online estimate of its gain G; see {@link GainEstimate}
 * @param filterWithin with estimateGain: within this distance of its set point a node's utilization is the one
 *        the settled gain estimate gives at the current rates, not the window's measurement (0: never); see
 *        {@link GainEstimate}
 */
record Settings(int predictionHorizon, int controlHorizon, double trefOverTs, double setPoint, double rateChangeWeight,
        int samplingPeriods, boolean limitUtilization, boolean holdChanges, boolean estimateGain, double filterWithin) {
    static final Settings DEFAULTS = new Settings(2, 1, 1.5, -1, 1, 1, false, false, true, 0.03);

    /** The gain estimate, if on, scales F only: the measured utilization is tracked. */
    Settings(int predictionHorizon, int controlHorizon, double trefOverTs, double setPoint, double rateChangeWeight, int samplingPeriods,
            boolean limitUtilization, boolean holdChanges, boolean estimateGain) {
        this(predictionHorizon, controlHorizon, trefOverTs, setPoint, rateChangeWeight, samplingPeriods, limitUtilization, holdChanges,
                estimateGain, 0);
    }

    /** Without the gain estimate: EUCON's original model, G taken as 1. */
    Settings(int predictionHorizon, int controlHorizon, double trefOverTs, double setPoint, double rateChangeWeight, int samplingPeriods,
            boolean limitUtilization, boolean holdChanges) {
        this(predictionHorizon, controlHorizon, trefOverTs, setPoint, rateChangeWeight, samplingPeriods, limitUtilization, holdChanges, false, 0);
    }

    Settings {
        if (predictionHorizon < 1) throw new IllegalArgumentException("predictionHorizon must be >= 1, got " + predictionHorizon);
        if (controlHorizon < 1 || controlHorizon > predictionHorizon) {
            throw new IllegalArgumentException("controlHorizon must be in [1, predictionHorizon = " + predictionHorizon + "], got "
                    + controlHorizon);
        }
        if (!(trefOverTs > 0)) throw new IllegalArgumentException("trefOverTs must be > 0, got " + trefOverTs);
        if (setPoint > 1) throw new IllegalArgumentException("setPoint must be <= 1 (or <= 0 for the RMS bound), got " + setPoint);
        if (!(rateChangeWeight >= 0)) throw new IllegalArgumentException("rateChangeWeight must be >= 0, got " + rateChangeWeight);
        if (!(filterWithin >= 0)) throw new IllegalArgumentException("filterWithin must be >= 0, got " + filterWithin);
        if (samplingPeriods < 1) throw new IllegalArgumentException("samplingPeriods must be >= 1, got " + samplingPeriods);
    }
}
