/** HTML reports of runs and sweeps, with charts drawn by XChart. */
package ai.mpnas.report;
