/** The mixed-precision architecture search: policy, sampling, bilevel loop, training from scratch. */
package ai.mpnas.search;
