package org.gradcheck.scratch;

import java.util.SplittableRandom;
import org.gradcheck.*;
import org.junit.jupiter.api.Test;

class ScratchTest {
  static double[] relu(double[] x) { double[] y = new double[x.length]; for (int i=0;i<x.length;i++) y[i]=Math.max(0,x[i]); return y; }
  static double[] point(int n, int zeros, long seed) {
    SplittableRandom r = new SplittableRandom(seed); double[] x = new double[n];
    for (int i=0;i<n;i++) x[i]=r.nextGaussian();
    for (int k=0;k<zeros;k++) x[(int)((long)k*n/zeros)]=0;
    return x;
  }
  @Test void relu() {
    for (int[] nz : new int[][] {{100,2},{200,10},{5000,500},{20000,100}}) {
      double[] x = point(nz[0], nz[1], 1);
      for (Mode mode : Mode.values()) {
        if (mode == Mode.FULL && nz[0] > 5000) continue;
        GradientChecker c = GradientChecker.builder().mode(mode).build();
        long t0 = System.nanoTime();
        CheckReport ok = c.checkVjp(ScratchTest::relu, (z, g) -> { double[] d = new double[z.length]; for (int i=0;i<z.length;i++) d[i]= z[i]>0? g[i]:0; return d;}, x);
        CheckReport inv = c.checkVjp(ScratchTest::relu, (z, g) -> { double[] d = new double[z.length]; for (int i=0;i<z.length;i++) d[i]= z[i]<0? g[i]:0; return d;}, x);
        CheckReport two = c.checkVjp(ScratchTest::relu, (z, g) -> { double[] d = new double[z.length]; for (int i=0;i<z.length;i++) d[i]= z[i]>0? 2*g[i]:0; return d;}, x);
        System.out.printf("n=%d zeros=%d %s: correct %s(kink=%s, evals %d) inverted %s two %s  %.0f ms%n", nz[0], nz[1], mode, ok.passed(), ok.hasFinding(Finding.Kind.KINK), ok.functionEvaluations(), inv.passed(), two.passed(), (System.nanoTime()-t0)/1e6);
        if (!ok.passed()) System.out.println(ok);
      }
    }
  }
}
